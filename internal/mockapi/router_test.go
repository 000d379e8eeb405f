package mockapi

import "sort"

// RouteKeys lists every statistics key the API can produce
// ("METHOD pattern"), sorted: what the tests of the statistics expect.
func RouteKeys() []string {
	var keys []string
	for _, rt := range routes {
		for m := range rt.methods {
			keys = append(keys, m+" "+rt.pattern)
		}
	}
	sort.Strings(keys)
	return keys
}
