// Package acctest is the support of the provider's tests:
//
//   - the provider factories (ProviderFactories, and FastPollFactories for
//     actions that wait) and PreCheck;
//   - a mock API per test (Mock, NewMock, NewMockWrapped: mock.go), the
//     provider configuration pointing at it (ProviderConfig,
//     GatewayProviderConfig) and checks of what it stores (address_book.go,
//     gateway.go);
//   - the CLI the tests run, Terraform or OpenTofu, found out by running it,
//     and the features a test needs of it (cli_features.go: DetectCLI,
//     Feature, Requires, SkipUnless; ProviderSource and RequiredProviders,
//     the provider's source every test configuration declares);
//   - the one table of REST API versions the shared acceptance tests run
//     on (versions.go: APIVersions, EachAPIVersion, APIVersion.NewMock);
//   - the CLI helpers of tests that run terraform themselves (cli.go:
//     AcceptanceCLI, DevOverrideProvider, CLIRunner, SourceBlock,
//     ExpectNotStored, CheckTraceLog, RepoRoot);
//   - the protocol harness that drives the provider server directly, on any
//     CLI and without one (ActionHarness: action_harness.go for actions and
//     resources, list_harness.go for list resources);
//   - action test cases through a Terraform ≥ 1.14 CLI (actions.go), list
//     resource test cases and the adoption workflow of terraform query
//     (query.go), and matchers of Terraform's output (checks.go).
//
// Only _test.go files import it (internal/archcheck checks it). It imports
// internal/provider for the factories, so a test that uses it lives in an
// external test package (package addressbook_test, …): a test of package
// addressbook itself importing it would be an import cycle. It must not
// import an area.
package acctest
