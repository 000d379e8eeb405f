package addressbook

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// A bestsms_group_members value as plain Go data, converted straight from
// and to Terraform's values (tftypes), without the framework's value types:
// a roster converts thousands of ids per operation, and the framework's
// walks over a set cost time that grows with the square of its size (see
// groupMembersServer).
//
// contact_ids is a list whose order means nothing: Terraform itself checks
// every element of a set attribute against every other when it applies a
// change (objchange's assertSetValuesCompatible: 84 s for a roster of 3,000
// on this machine), and a list in element order (linear). The provider
// treats the list as a set: a plan that names the same contacts in another
// order, spelling or with repeats keeps the state's list, and reads keep
// it while the group's members are the ones it names.

// groupMembersTypeName is the resource's type name.
const groupMembersTypeName = "bestsms_group_members"

// membersValue is a bestsms_group_members object: null (no resource), or
// its id, group_id and contact_ids, any of which may be unknown in a plan.
type membersValue struct {
	null    bool
	id      types.String
	groupID types.String
	members memberIDs
}

// memberIDs is contact_ids: unknown as a whole, null (an imported state
// before its first read), or its ids in order, any of which may be unknown
// in a plan. known holds the known ones, unknownElems counts the others
// (and nullElems the null ones, which validation refuses).
// raw is the value as Terraform sent it, kept so that a plan hands back
// exactly what it was given.
type memberIDs struct {
	unknown, null bool
	known         []string
	unknownElems  int
	nullElems     int
	raw           *tftypes.Value
}

// knownMembers is a contact_ids of known ids.
func knownMembers(ids []string) memberIDs { return memberIDs{known: ids} }

// complete reports whether every id is known.
func (m memberIDs) complete() bool { return !m.unknown && !m.null && m.unknownElems == 0 }

// groupMembersTypes are the Terraform types of a bestsms_group_members and
// of its identity, from its schemas.
type groupMembersTypes struct {
	object, identity tftypes.Object
	ids              tftypes.List
}

var groupMembersType = sync.OnceValue(func() groupMembersTypes {
	ctx := context.Background()
	r := &groupMembersResource{}
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	var idResp resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &idResp)
	obj, ok1 := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	identity, ok2 := idResp.IdentitySchema.Type().TerraformType(ctx).(tftypes.Object)
	ids, ok3 := obj.AttributeTypes["contact_ids"].(tftypes.List)
	if !ok1 || !ok2 || !ok3 {
		panic("bestsms_group_members: unexpected schema type")
	}
	return groupMembersTypes{object: obj, identity: identity, ids: ids}
})

// decodeMembers converts a Terraform value of the resource's type.
func decodeMembers(v tftypes.Value) (membersValue, error) {
	if v.IsNull() {
		return membersValue{null: true}, nil
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return membersValue{}, err
	}
	var mv membersValue
	var err error
	if mv.id, err = framework.StringFromTerraform(attrs["id"]); err != nil {
		return membersValue{}, fmt.Errorf("id: %w", err)
	}
	if mv.groupID, err = framework.StringFromTerraform(attrs["group_id"]); err != nil {
		return membersValue{}, fmt.Errorf("group_id: %w", err)
	}
	raw := attrs["contact_ids"]
	mv.members.raw = &raw
	switch {
	case !raw.IsKnown():
		mv.members.unknown = true
		return mv, nil
	case raw.IsNull():
		mv.members.null = true
		return mv, nil
	}
	var elems []tftypes.Value
	if err := raw.As(&elems); err != nil {
		return membersValue{}, fmt.Errorf("contact_ids: %w", err)
	}
	mv.members.known = make([]string, 0, len(elems))
	for _, e := range elems {
		s, err := framework.StringFromTerraform(e)
		switch {
		case err != nil:
			return membersValue{}, fmt.Errorf("contact_ids: %w", err)
		case s.IsUnknown():
			mv.members.unknownElems++
		case s.IsNull():
			mv.members.nullElems++
		default:
			mv.members.known = append(mv.members.known, s.ValueString())
		}
	}
	return mv, nil
}

// encode converts v into a Terraform value of the resource's type.
func (t groupMembersTypes) encode(v membersValue) tftypes.Value {
	if v.null {
		return tftypes.NewValue(t.object, nil)
	}
	return tftypes.NewValue(t.object, map[string]tftypes.Value{
		"id":          framework.StringToTerraform(v.id),
		"group_id":    framework.StringToTerraform(v.groupID),
		"contact_ids": t.encodeMembers(v.members),
	})
}

func (t groupMembersTypes) encodeMembers(m memberIDs) tftypes.Value {
	switch {
	case m.raw != nil:
		return *m.raw
	case m.unknown:
		return tftypes.NewValue(t.ids, tftypes.UnknownValue)
	case m.null:
		return tftypes.NewValue(t.ids, nil)
	}
	elems := make([]tftypes.Value, 0, len(m.known)+m.unknownElems)
	for _, id := range m.known {
		elems = append(elems, tftypes.NewValue(tftypes.String, id))
	}
	for range m.unknownElems {
		elems = append(elems, tftypes.NewValue(tftypes.String, tftypes.UnknownValue))
	}
	return tftypes.NewValue(t.ids, elems)
}

// encodeIdentity is the identity of the roster of group groupID.
func (t groupMembersTypes) encodeIdentity(groupID types.String) tftypes.Value {
	return tftypes.NewValue(t.identity, map[string]tftypes.Value{"group_id": framework.StringToTerraform(groupID)})
}

// decodeIdentity reads the group_id of an identity value.
func decodeIdentity(v tftypes.Value) (types.String, error) {
	if v.IsNull() || !v.IsKnown() {
		return types.StringNull(), nil
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return types.String{}, err
	}
	return framework.StringFromTerraform(attrs["group_id"])
}
