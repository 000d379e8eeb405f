// Address-book groups (contributing/wire-protocol.md §9.6).

package mockapi

import "strings"

type groupBody struct {
	Result string    `json:"Result"`
	Group  groupJSON `json:"Group"`
}

type groupListBody struct {
	Result string `json:"Result"`
	pageInfo
	Contact *contactJSON `json:"Contact,omitempty"`
	Groups  []groupJSON  `json:"Groups"`
}

func (s *Server) listGroups(req *apiRequest) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return perr.reply()
	}
	groups := s.Groups()
	page, info := pageOf(groups, p)
	return success(groupListBody{Result: resultSuccess, pageInfo: info, Groups: groupsOut(page)})
}

func (s *Server) getGroup(req *apiRequest) *reply {
	g, ok := s.Group(req.params["group"])
	if !ok {
		return errGroupNotFound.reply()
	}
	return success(groupBody{Result: resultSuccess, Group: groupOut(g)})
}

// applyGroup writes the writable group members present (and not null) in
// b onto g; GroupCode is not among them.
func applyGroup(g *Group, b body) *apiError {
	if v, ok, err := b.str("GroupName"); err != nil {
		return err
	} else if ok {
		if strings.TrimSpace(v) == "" {
			return badRequest("GroupName must not be empty")
		}
		g.GroupName = v
	}
	for _, f := range []struct {
		name  string
		field *string
	}{{"SubAccount", &g.SubAccount}, {"Department", &g.Department}} {
		v, ok, err := b.str(f.name)
		if err != nil {
			return err
		}
		if ok {
			*f.field = v
		}
	}
	v, err := accessMember(b, "ViewEditBy")
	if err != nil {
		return err
	}
	if v != "" {
		g.ViewEditBy = v
	}
	return nil
}

// createGroup requires a GroupName and derives the GroupCode from it when
// none is given; codes are unique (case-insensitively).
func (s *Server) createGroup(req *apiRequest) *reply {
	if name, _, err := req.body.str("GroupName"); err != nil {
		return err.reply()
	} else if strings.TrimSpace(name) == "" {
		return badRequest("GroupName is required").reply()
	}
	var g Group
	if err := applyGroup(&g, req.body); err != nil {
		return err.reply()
	}
	code, _, err := req.body.str("GroupCode")
	if err != nil {
		return err.reply()
	}
	code = strings.TrimSpace(code)
	if code == "" {
		code = deriveGroupCode(g.GroupName)
	}
	serr := s.store.update(func(st *state) error {
		if st.codeTaken(code, "") {
			return badRequest("GroupCode already exists")
		}
		now := s.store.timestamp()
		g.GroupID = newUUID()
		g.GroupCode = code
		g.Owner = DefaultOwner
		g.ViewEditBy = accessOrDefault(g.ViewEditBy)
		g.Created, g.Updated = now, now
		st.Groups = append(st.Groups, g)
		return nil
	})
	if serr != nil {
		return storeFailure(serr)
	}
	return success(groupBody{Result: resultSuccess, Group: groupOut(g)})
}

// updateGroup changes the members present in the body; GroupCode never
// changes (a GroupCode member, as PY24 sends, is ignored).
func (s *Server) updateGroup(req *apiRequest) *reply {
	return s.onGroup(req, s.groupUpdate(req.body, applyGroup))
}

func (s *Server) deleteGroup(req *apiRequest) *reply { return s.onGroup(req, groupDelete) }

// groupUpdate is the change of an update: the members apply takes from b
// (nothing when it refuses one), and Updated now.
func (s *Server) groupUpdate(b body, apply func(*Group, body) *apiError) func(st *state, i int) (Group, *apiError) {
	return func(st *state, i int) (Group, *apiError) {
		g := st.Groups[i]
		if err := apply(&g, b); err != nil {
			return g, err
		}
		g.Updated = s.store.timestamp()
		st.Groups[i] = g
		return g, nil
	}
}

// groupDelete is the change of a delete; it returns the deleted group.
func groupDelete(st *state, i int) (Group, *apiError) {
	g := st.Groups[i]
	st.deleteGroupAt(i)
	return g, nil
}

// onGroup runs change on the group the path names (by GroupID or
// GroupCode), in one store update (404 when there is none), and answers
// the group it returns.
func (s *Server) onGroup(req *apiRequest, change func(st *state, i int) (Group, *apiError)) *reply {
	find := func(st *state) int { return st.groupIndex(req.params["group"]) }
	return onObject(s, errGroupNotFound, find, change, func(g Group) any {
		return groupBody{Result: resultSuccess, Group: groupOut(g)}
	})
}

// onObject runs change on the object at find's index in one store update
// (missing when find returns -1) and answers what change returns, wrapped
// by answer. change must validate before it mutates.
func onObject[T any](s *Server, missing *apiError, find func(st *state) int,
	change func(st *state, i int) (T, *apiError), answer func(T) any,
) *reply {
	var out T
	err := s.store.update(func(st *state) error {
		i := find(st)
		if i < 0 {
			return missing
		}
		var aerr *apiError
		if out, aerr = change(st, i); aerr != nil {
			return aerr
		}
		return nil
	})
	if err != nil {
		return storeFailure(err)
	}
	return success(answer(out))
}
