package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

var _ function.Function = (*normalizePhoneFunction)(nil)

// NewNormalizePhoneFunction is the constructor of provider::bestsms::normalize_phone.
func NewNormalizePhoneFunction() function.Function { return &normalizePhoneFunction{} }

type normalizePhoneFunction struct{}

func (f *normalizePhoneFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "normalize_phone"
}

func (f *normalizePhoneFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Normalise a phone number to E.164",
		MarkdownDescription: "Returns `number` in E.164 format (`+61421000001`), the form the BestSMS API stores and sends to, " +
			"by the rules of the provider's phone attributes with `region` as `default_country`: a national number " +
			"(`0421 000 001`) must be a valid number of `region`, and so must a number with its country code; an " +
			"international number of another country (`+44 7700 900123`) must be a possible number of its country " +
			"(a function cannot warn, so one libphonenumber does not know as valid is returned as the provider would " +
			"send it). Fails, naming the argument, when the number is not acceptable.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "number",
				MarkdownDescription: "The phone number, international or national format; spaces, dashes, dots and parentheses are allowed.",
			},
			function.StringParameter{
				Name:                "region",
				MarkdownDescription: "ISO 3166-1 alpha-2 region used for national numbers, for example `AU`, `NZ` or `GB`.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *normalizePhoneFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var number, region string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &number, &region))
	if resp.Error != nil {
		return
	}
	if !phone.ValidRegion(region) {
		resp.Error = function.NewArgumentFuncError(1, "region \""+region+"\" is not an ISO 3166-1 alpha-2 region code such as AU, NZ or GB")
		return
	}
	e164, err := phone.Normalize(number, region)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, e164))
}
