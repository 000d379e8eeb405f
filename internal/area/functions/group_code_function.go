package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/bestsms/terraform-provider-bestsms/internal/groupcode"
)

var _ function.Function = (*groupCodeFunction)(nil)

// NewGroupCodeFunction is the constructor of provider::bestsms::group_code.
func NewGroupCodeFunction() function.Function { return &groupCodeFunction{} }

type groupCodeFunction struct{}

func (f *groupCodeFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "group_code"
}

func (f *groupCodeFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The GroupCode the API derives from a group name",
		MarkdownDescription: "Returns the code the BestSMS API gives a group created without one: the name, trimmed, with each " +
			"run of white space replaced by `_` (`On Call Team` → `On_Call_Team`). Useful to address a group by code " +
			"before it exists, or to check a roster file's codes.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "name",
				MarkdownDescription: "The group name.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *groupCodeFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var name string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &name))
	if resp.Error != nil {
		return
	}
	code := groupcode.FromName(name)
	if code == "" {
		resp.Error = function.NewArgumentFuncError(0, "name must contain something other than white space")
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, code))
}
