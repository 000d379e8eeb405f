// Package optouts holds the opt-out register of the BestSMS REST API
// (v3.00 only; contributing/wire-protocol-v3.md §6): the numbers, e-mail
// addresses and contacts that asked not to be messaged, which the API then
// leaves out of every send.
//
//   - the resource bestsms_optout, with its identity schema, and the
//     conversions of an entry (optout_resource.go, optout_values.go);
//   - the data source bestsms_optouts (optouts_data_source.go);
//   - the list resource of bestsms_optout for `terraform query`, named a
//     lister (optouts_lister.go).
//
// Every kind refuses, at plan time, an api_version without opt-outs
// (client.FeatureOptOuts). It speaks the REST API (internal/client) through
// framework.ProviderData. It must not import internal/gateway, another
// area, internal/provider or internal/acctest.
package optouts
