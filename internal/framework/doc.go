// Package framework is what the areas of the provider share, each thing
// defined once:
//
//   - ProviderData (provider_data.go), what Configure hands to every kind:
//     the REST client, the gateway client and the settings that shape
//     values; ConfiguredData and GatewayData read it in a kind's Configure
//     and name the missing credentials; AreaValue keeps what an area caches
//     per configuration;
//   - the diagnostics of the two APIs, one function per API side by side:
//     AddRESTError (diagnostics_rest.go, diagnostics_rest_faults.go) for
//     internal/client's errors and AddGatewayError (diagnostics_gateway.go)
//     for internal/gateway's;
//   - the phone number type with its semantic equality and plan-time rules
//     (phone_type.go);
//   - the validators more than one area uses, by concern: ids
//     (id_validator.go), hand-written string checks (string_check.go), and
//     Revalidate, which runs an action's validators again once values are
//     known (revalidate.go);
//   - the API versions at plan time (versions.go): ProviderData.Supports
//     and CheckSupported, the one wording of "api_version cannot carry
//     this";
//   - what the list resources and identities of every area share
//     (lister.go: Found, StreamFound, DisplayText and the failed
//     streams; identity.go: SetIdentity, RemoveResource);
//   - the provider's environment variables (env.go), the timings of the
//     actions that wait and the send-time tolerance (timing.go), small value
//     helpers (helpers.go), and ProviderServer, every RPC interface of the
//     framework's server (provider_server.go).
//
// What one area alone uses lives in that area. framework must not import
// internal/provider, an area (internal/area/...) or internal/acctest: it is
// the floor the areas stand on (contributing/architecture.md §2).
package framework
