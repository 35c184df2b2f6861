namespace Datagrid.SpecTool.Comparison;

/// <summary>Stable rule identifiers, printed in both outputs; scripts and tests match on them.</summary>
internal static class RuleIds
{
    public const string PathRemoved = "path.removed";
    public const string MethodRemoved = "method.removed";
    public const string OperationAdded = "operation.added";
    public const string OperationIdChanged = "operation-id.changed";
    public const string OperationDeprecated = "operation.deprecated";

    public const string ParameterRemoved = "parameter.removed";
    public const string ParameterRenamed = "parameter.renamed";
    public const string ParameterRetyped = "parameter.retyped";
    public const string ParameterNowRequired = "parameter.now-required";
    public const string ParameterNowOptional = "parameter.now-optional";
    public const string ParameterRequiredAdded = "parameter.required-added";
    public const string ParameterOptionalAdded = "parameter.optional-added";

    public const string RequestBodyRemoved = "request-body.removed";
    public const string RequestBodyRequiredAdded = "request-body.required-added";
    public const string RequestBodyOptionalAdded = "request-body.optional-added";
    public const string RequestBodyNowRequired = "request-body.now-required";
    public const string RequestMediaTypeRemoved = "request-body.media-type-removed";
    public const string RequestMediaTypeAdded = "request-body.media-type-added";

    public const string SuccessResponseRemoved = "response.success-removed";
    public const string ErrorResponseRemoved = "response.error-removed";
    public const string ResponseAdded = "response.added";
    public const string ResponseMediaTypeRemoved = "response.media-type-removed";
    public const string ResponseMediaTypeAdded = "response.media-type-added";

    public const string ResponsePropertyRemoved = "response-property.removed";
    public const string ResponsePropertyRetyped = "response-property.retyped";
    public const string ResponsePropertyAdded = "response-property.added";
    public const string ResponsePropertyNowOptional = "response-property.now-optional";
    public const string ResponsePropertyNowRequired = "response-property.now-required";
    public const string ResponsePropertyNowNullable = "response-property.now-nullable";
    public const string ResponsePropertyNowNonNullable = "response-property.now-non-nullable";
    public const string ResponseEnumValueRemoved = "response-enum.value-removed";
    public const string ResponseEnumValueAdded = "response-enum.value-added";

    public const string RequestPropertyRemoved = "request-property.removed";
    public const string RequestPropertyRetyped = "request-property.retyped";
    public const string RequestPropertyRequiredAdded = "request-property.required-added";
    public const string RequestPropertyOptionalAdded = "request-property.optional-added";
    public const string RequestPropertyNowRequired = "request-property.now-required";
    public const string RequestPropertyNowOptional = "request-property.now-optional";
    public const string RequestPropertyNowNonNullable = "request-property.now-non-nullable";
    public const string RequestPropertyNowNullable = "request-property.now-nullable";
    public const string RequestEnumValueAdded = "request-enum.value-added";
    public const string RequestEnumValueRemoved = "request-enum.value-removed";

    public const string SchemaRenamed = "schema.renamed";
    public const string SchemaCompositionChanged = "schema.composition-changed";

    public const string SecurityChanged = "security.changed";
    public const string SecurityRemoved = "security.removed";
    public const string SecuritySchemeChanged = "security-scheme.changed";
    public const string SecuritySchemeRemoved = "security-scheme.removed";
    public const string SecuritySchemeAdded = "security-scheme.added";

    public const string ServerChanged = "server.changed";
    public const string ServerAdded = "server.added";
}
