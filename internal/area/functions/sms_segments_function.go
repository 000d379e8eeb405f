package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/smsenc"
)

var _ function.Function = (*smsSegmentsFunction)(nil)

// NewSMSSegmentsFunction is the constructor of provider::bestsms::sms_segments.
func NewSMSSegmentsFunction() function.Function { return &smsSegmentsFunction{} }

type smsSegmentsFunction struct{}

var smsSegmentsAttrTypes = map[string]attr.Type{
	"encoding":          types.StringType,
	"characters":        types.Int64Type,
	"units":             types.Int64Type,
	"segments":          types.Int64Type,
	"units_per_segment": types.Int64Type,
}

func (f *smsSegmentsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "sms_segments"
}

func (f *smsSegmentsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "How a text is encoded and split into SMS segments",
		MarkdownDescription: "Returns an object describing how `text` travels as SMS (3GPP TS 23.038): " +
			"`encoding` is `GSM-7` when every character is in the GSM 03.38 basic or extension table, otherwise `UCS-2`; " +
			"`characters` counts Unicode characters; `units` counts GSM-7 septets (extension characters " +
			"`^ { } \\ [ ] ~ | €` and form feed take 2) or UTF-16 code units for UCS-2 (an emoji takes 2); " +
			"`segments` is how many SMS parts are billed (0 for empty text); `units_per_segment` is 160 or 153 " +
			"(single or multipart GSM-7), 70 or 67 (UCS-2). Multipart segments never split an extension character " +
			"or a surrogate pair.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "text",
				MarkdownDescription: "The message text.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: smsSegmentsAttrTypes},
	}
}

func (f *smsSegmentsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var text string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &text))
	if resp.Error != nil {
		return
	}
	s := smsenc.Count(text)
	obj, diags := types.ObjectValue(smsSegmentsAttrTypes, map[string]attr.Value{
		"encoding":          types.StringValue(string(s.Encoding)),
		"characters":        types.Int64Value(int64(s.Characters)),
		"units":             types.Int64Value(int64(s.Units)),
		"segments":          types.Int64Value(int64(s.Segments)),
		"units_per_segment": types.Int64Value(int64(s.UnitsPerSegment)),
	})
	resp.Error = function.FuncErrorFromDiags(ctx, diags)
	if resp.Error != nil {
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, obj))
}
