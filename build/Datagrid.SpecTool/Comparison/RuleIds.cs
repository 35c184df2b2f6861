namespace Datagrid.SpecTool.Comparison;

/// <summary>Stable rule identifiers, printed in every output; scripts and tests match on them. Levels and reasons: <see cref="RuleCatalog"/>.</summary>
internal static class RuleIds
{
    public const string DocumentInvalid = "document.invalid";
    public const string BaseDocumentInvalid = "document.base-invalid";

    public const string PathRemoved = "path.removed";
    public const string MethodRemoved = "method.removed";
    public const string OperationAdded = "operation.added";
    public const string OperationIdChanged = "operation-id.changed";
    public const string OperationDeprecated = "operation.deprecated";
    public const string WebhookRemoved = "webhook.removed";
    public const string WebhookAdded = "webhook.added";
    public const string CallbackRemoved = "callback.removed";
    public const string CallbackAdded = "callback.added";

    public const string ParameterRemoved = "parameter.removed";
    public const string ParameterRenamed = "parameter.renamed";
    public const string ParameterRetyped = "parameter.retyped";
    public const string ParameterTypeWidened = "parameter.type-widened";
    public const string ParameterNowRequired = "parameter.now-required";
    public const string ParameterNowOptional = "parameter.now-optional";
    public const string ParameterRequiredAdded = "parameter.required-added";
    public const string ParameterOptionalAdded = "parameter.optional-added";
    public const string ParameterStyleChanged = "parameter.style-changed";
    public const string ParameterEmptyValueDisallowed = "parameter.empty-value-disallowed";
    public const string ParameterDefaultChanged = "parameter.default-changed";

    public const string RequestBodyRemoved = "request-body.removed";
    public const string RequestBodyRequiredAdded = "request-body.required-added";
    public const string RequestBodyOptionalAdded = "request-body.optional-added";
    public const string RequestBodyNowRequired = "request-body.now-required";
    public const string RequestMediaTypeRemoved = "request-body.media-type-removed";
    public const string RequestMediaTypeAdded = "request-body.media-type-added";
    public const string RequestMediaTypeSchemaAdded = "request-body.media-type-schema-added";
    public const string RequestXmlSchemaChanged = "request-body.xml-schema-changed";

    public const string SuccessResponseRemoved = "response.success-removed";
    public const string ErrorResponseRemoved = "response.error-removed";
    public const string ResponseAdded = "response.added";
    public const string ResponseMediaTypeRemoved = "response.media-type-removed";
    public const string ErrorResponseMediaTypeRemoved = "response.error-media-type-removed";
    public const string ResponseMediaTypeSpecialized = "response.media-type-specialized";
    public const string ResponseMediaTypeAdded = "response.media-type-added";
    public const string ResponseMediaTypeSchemaAdded = "response.media-type-schema-added";
    public const string ResponseSuccessBodyAdded = "response.success-body-added";
    public const string ResponseXmlSchemaChanged = "response.xml-schema-changed";

    public const string ResponseHeaderRemoved = "response-header.removed";
    public const string ResponseHeaderNowOptional = "response-header.now-optional";
    public const string ResponseHeaderAdded = "response-header.added";
    public const string ResponseHeaderRetyped = "response-header.retyped";
    public const string ResponseHeaderStyleChanged = "response-header.style-changed";

    public const string ResponsePropertyRemoved = "response-property.removed";
    public const string ResponsePropertyRetyped = "response-property.retyped";
    public const string ResponsePropertyAdded = "response-property.added";
    public const string ResponsePropertyNowOptional = "response-property.now-optional";
    public const string ResponsePropertyNowRequired = "response-property.now-required";
    public const string ResponsePropertyNowNullable = "response-property.now-nullable";
    public const string ResponsePropertyNowNonNullable = "response-property.now-non-nullable";
    public const string ResponsePropertyNowWriteOnly = "response-property.now-write-only";
    public const string ResponsePropertyDefaultChanged = "response-property.default-changed";
    public const string ResponseEnumValueRemoved = "response-enum.value-removed";
    public const string ResponseEnumValueAdded = "response-enum.value-added";
    public const string ResponseLimitWidened = "response-limit.widened";
    public const string ResponseLimitNarrowed = "response-limit.narrowed";
    public const string ResponseMinSizeLowered = "response-limit.min-size-lowered";
    public const string ResponsePatternChanged = "response-limit.pattern-changed";
    public const string ResponseKeywordLoosened = "response-keyword.loosened";
    public const string ResponseKeywordTightened = "response-keyword.tightened";

    public const string RequestPropertyRemoved = "request-property.removed";
    public const string RequestPropertyRetyped = "request-property.retyped";
    public const string RequestPropertyTypeWidened = "request-property.type-widened";
    public const string RequestPropertyRequiredAdded = "request-property.required-added";
    public const string RequestPropertyOptionalAdded = "request-property.optional-added";
    public const string RequestPropertyNowRequired = "request-property.now-required";
    public const string RequestPropertyNowOptional = "request-property.now-optional";
    public const string RequestPropertyNowNonNullable = "request-property.now-non-nullable";
    public const string RequestPropertyNowNullable = "request-property.now-nullable";
    public const string RequestPropertyNowReadOnly = "request-property.now-read-only";
    public const string RequestPropertyDefaultChanged = "request-property.default-changed";
    public const string RequestEnumValueAdded = "request-enum.value-added";
    public const string RequestEnumValueRemoved = "request-enum.value-removed";
    public const string RequestLimitTightened = "request-limit.tightened";
    public const string RequestLimitRelaxed = "request-limit.relaxed";
    public const string RequestKeywordTightened = "request-keyword.tightened";
    public const string RequestKeywordLoosened = "request-keyword.loosened";

    public const string SchemaRenamed = "schema.renamed";
    public const string SchemaCompositionChanged = "schema.composition-changed";
    public const string RequestVariantRemoved = "request-variant.removed";
    public const string RequestVariantAdded = "request-variant.added";
    public const string ResponseVariantAdded = "response-variant.added";
    public const string ResponseVariantRemoved = "response-variant.removed";
    public const string RequestAllOfAdded = "request-all-of.added";
    public const string AllOfChanged = "all-of.changed";
    public const string DiscriminatorPropertyChanged = "discriminator.property-changed";
    public const string DiscriminatorChanged = "discriminator.changed";

    public const string SecurityChanged = "security.changed";
    public const string SecurityTightened = "security.tightened";
    public const string SecurityAdded = "security.added";
    public const string SecurityRemoved = "security.removed";
    public const string SecuritySchemeChanged = "security-scheme.changed";
    public const string SecuritySchemeRemoved = "security-scheme.removed";
    public const string SecuritySchemeAdded = "security-scheme.added";

    public const string ServerChanged = "server.changed";
    public const string ServerAdded = "server.added";
}
