using static Datagrid.SpecTool.Comparison.Level;
using static Datagrid.SpecTool.Comparison.RuleIds;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Every rule with its level and why, in the order of the api-updates guide's table, which is this list (a test keeps them equal;
/// <c>spectool rules</c> prints it).
/// </summary>
internal static class RuleCatalog
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new(DocumentInvalid, Warning, "the new spec breaks the OpenAPI rules (e.g. a response without description); compared anyway, but NSwag may refuse it"),
        new(BaseDocumentInvalid, Info, "the old spec breaks the OpenAPI rules; compared anyway"),

        new(PathRemoved, Breaking, "the generated method calls a URL that no longer exists (the message says where the operationId went)"),
        new(MethodRemoved, Breaking, "the generated method calls a method the path no longer has"),
        new(OperationIdChanged, Breaking, "renames the generated method"),
        new(OperationAdded, Info, "a new method"),
        new(OperationDeprecated, Info, "informative; the generated method gets [Obsolete]"),
        new(WebhookRemoved, Breaking, "callers that registered for the webhook stop receiving it"),
        new(WebhookAdded, Info, "a new webhook"),
        new(CallbackRemoved, Breaking, "callers that expect the callback stop receiving it"),
        new(CallbackAdded, Info, "a new callback"),

        new(ParameterRemoved, Breaking, "the generated method loses that argument"),
        new(ParameterRenamed, Breaking, "renames the generated argument (named arguments stop compiling); the peers ignore path parameter renames", Stricter: true),
        new(ParameterRetyped, Breaking, "the argument's C# type changes (type includes format: int32 to int64 is a retype; oasdiff calls a scalar turned into an array of it a generalisation)", Stricter: true),
        new(ParameterTypeWidened, Warning, "every old value is still accepted (e.g. integer to number), but the generated argument type may change"),
        new(ParameterNowRequired, Breaking, "existing calls do not pass it"),
        new(ParameterRequiredAdded, Breaking, "existing calls do not pass it"),
        new(ParameterOptionalAdded, Info, "an optional argument"),
        new(ParameterNowOptional, Info, "old calls still pass it"),
        new(ParameterStyleChanged, Breaking, "style or explode changes how the value is written into the URL or header; the server reads old requests differently"),
        new(ParameterEmptyValueDisallowed, Breaking, "callers sending an empty value are refused"),
        new(ParameterDefaultChanged, Breaking, "callers that omit the argument silently get a different behaviour"),

        new(RequestBodyRemoved, Breaking, "the generated method loses its body argument"),
        new(RequestBodyRequiredAdded, Breaking, "existing calls do not send one"),
        new(RequestBodyNowRequired, Breaking, "existing calls may not send one"),
        new(RequestMediaTypeRemoved, Breaking, "callers sending that content type are refused"),
        new(RequestMediaTypeSchemaAdded, Breaking, "a media type that accepted anything now has a schema: payloads that worked can be refused, and the body argument's type changes"),
        new(RequestBodyOptionalAdded, Info, "an optional body argument"),
        new(RequestMediaTypeAdded, Info, "one more accepted content type"),
        new(RequestXmlSchemaChanged, Warning, "the schema of an XML body changed; the generated client passes XML through as text or stream, so only the payload may need a change"),

        new(RequestPropertyRemoved, Breaking, "the generated request property disappears: code setting it stops compiling (the peers accept removing an optional one)", Stricter: true),
        new(RequestPropertyRetyped, Breaking, "the property's C# type changes, or payloads that worked are refused"),
        new(RequestPropertyTypeWidened, Warning, "every old value is still accepted (e.g. integer to number, a type added to a type list), but the generated property type may change"),
        new(RequestPropertyRequiredAdded, Breaking, "existing callers do not send it"),
        new(RequestPropertyNowRequired, Breaking, "existing callers may not send it (readOnly properties are never required of callers)"),
        new(RequestPropertyNowNonNullable, Breaking, "callers sending null are refused"),
        new(RequestPropertyNowReadOnly, Breaking, "the server now ignores or refuses what callers send in it"),
        new(RequestPropertyDefaultChanged, Warning, "callers that omit the property get a different value on the server"),
        new(RequestPropertyOptionalAdded, Info, "an optional property"),
        new(RequestPropertyNowOptional, Info, "old payloads still valid"),
        new(RequestPropertyNowNullable, Info, "old payloads still valid"),
        new(RequestEnumValueRemoved, Breaking, "callers sending it are refused, and the generated enum member disappears"),
        new(RequestEnumValueAdded, Info, "old payloads stay valid; the generated enum gains a member (a static property of the extensible struct for a string enum, a C# enum member for an integer one), so callers compile unchanged: C# takes no switch over either as exhaustive without a default arm"),
        new(RequestLimitTightened, Breaking, "a value limit got stricter (maxLength, minLength, maximum, minimum, exclusive bounds, pattern, minItems, maxItems, minProperties, maxProperties, multipleOf, uniqueItems, min/maxContains): payloads that worked are refused"),
        new(RequestLimitRelaxed, Info, "a value limit got looser: old payloads still valid"),
        new(RequestKeywordTightened, Breaking, "a JSON Schema 2020-12 keyword was added or changed (const, contains, prefixItems, if/then/else, dependentRequired, dependentSchemas, patternProperties, propertyNames, unevaluatedItems, unevaluatedProperties, contentSchema, contentMediaType, contentEncoding, not, x-extensible-enum values removed): payloads that worked can be refused"),
        new(RequestKeywordLoosened, Info, "such a keyword was removed from a request: old payloads still valid"),

        new(SuccessResponseRemoved, Breaking, "the generated method's result changes"),
        new(ErrorResponseRemoved, Breaking, "callers that handle that documented error (its typed body, a retry or a validation message) lose the promise; the hand-written layer still maps the status to a typed exception"),
        new(ResponseAdded, Info, "a new status; unknown statuses already map to typed exceptions"),
        new(ResponseMediaTypeRemoved, Breaking, "a 2xx response no longer comes in a content type callers read (a more specific one, such as application/problem+json for application/json, is response.media-type-specialized)"),
        new(ErrorResponseMediaTypeRemoved, Info, "error bodies are read by the hand-written layer whatever their content type"),
        new(ResponseMediaTypeSpecialized, Info, "the content type got more specific (application/problem+json for application/json, or only its parameters changed); the same reader still parses it"),
        new(ResponseMediaTypeAdded, Info, "one more content type"),
        new(ResponseMediaTypeSchemaAdded, Breaking, "a response without schema gets one: the generated method's result type changes"),
        new(ResponseSuccessBodyAdded, Breaking, "a success response without a body gets one: the generated method returns a result (`Task<T>`) instead of `Task`"),
        new(ResponseXmlSchemaChanged, Warning, "the schema of an XML response changed; the generated client returns XML as text or stream"),

        new(ResponseHeaderRemoved, Breaking, "callers read it (this client lives on Retry-After and X-RateLimit-*): it may no longer come"),
        new(ResponseHeaderNowOptional, Breaking, "callers reading it can meet a response without it"),
        new(ResponseHeaderRetyped, Breaking, "callers parse it as the old type"),
        new(ResponseHeaderStyleChanged, Breaking, "explode or style changes how the value is written; callers parse the old form"),
        new(ResponseHeaderAdded, Info, "a new header"),

        new(ResponsePropertyRemoved, Breaking, "the generated property disappears: code reading it stops compiling (the peers accept removing an optional one)", Stricter: true),
        new(ResponsePropertyRetyped, Breaking, "code reading the generated property stops compiling or meets values of another type"),
        new(ResponsePropertyNowOptional, Breaking, "code reading it meets missing values (writeOnly properties are never required in responses)"),
        new(ResponsePropertyNowNullable, Breaking, "code reading it can meet a null"),
        new(ResponsePropertyNowWriteOnly, Breaking, "it no longer comes back in responses (openapi-diff breaks on it, oasdiff ignores it)", Stricter: true),
        new(ResponsePropertyAdded, Info, "a new property; old clients ignore it"),
        new(ResponsePropertyNowRequired, Info, "always present now"),
        new(ResponsePropertyNowNonNullable, Info, "never null now"),
        new(ResponsePropertyDefaultChanged, Info, "informative: the server fills it in"),
        new(ResponseEnumValueRemoved, Breaking, "the generated enum member disappears: code naming it stops compiling (the peers accept it)", Stricter: true),
        new(ResponseEnumValueAdded, Warning, "the generated enums are extensible (a struct over the wire string; integer enums take any number), so clients built before the change read the new value and keep it as sent; only code that assumes the listed values are all there are meets one it does not handle"),
        new(ResponseLimitWidened, Breaking, "a value limit of a response got looser (a larger maxLength, maxItems or maximum, a smaller minimum, a coarser multipleOf, uniqueItems dropped): values can come that callers do not handle"),
        new(ResponseMinSizeLowered, Warning, "a response string, array or object may now be shorter than before (minLength, minItems, minProperties lowered): only callers relying on the old minimum are hit"),
        new(ResponsePatternChanged, Warning, "a response pattern changed or was removed: only callers that validate response strings themselves are hit"),
        new(ResponseLimitNarrowed, Info, "a response value limit got stricter: every new value was valid before"),
        new(ResponseKeywordLoosened, Breaking, "a JSON Schema 2020-12 keyword constraining a response was removed or changed (const, contains, prefixItems, if/then/else, dependentRequired, ...): values can come that callers do not expect"),
        new(ResponseKeywordTightened, Info, "such a keyword was added to a response: every new value was valid before"),

        new(SchemaRenamed, Breaking, "a $ref'd component renamed renames the generated type (the peers compare content only)", Stricter: true),
        new(SchemaCompositionChanged, Breaking, "oneOf/anyOf appeared or disappeared around a schema (e.g. a body wrapped in oneOf): the generated type changes shape"),
        new(RequestVariantRemoved, Breaking, "a oneOf/anyOf variant callers may send is no longer accepted"),
        new(ResponseVariantAdded, Breaking, "responses can come in a shape callers do not handle (oasdiff breaks on an added oneOf variant but accepts an anyOf one)", Stricter: true),
        new(RequestVariantAdded, Info, "one more accepted shape (variants compare by content, so a renamed or inlined $ref is no change)"),
        new(ResponseVariantRemoved, Info, "one shape fewer in responses"),
        new(RequestAllOfAdded, Breaking, "an allOf member added to a request schema adds constraints payloads must meet (annotation-only members are ignored)"),
        new(AllOfChanged, Info, "allOf members changed; their properties are compared merged"),
        new(DiscriminatorPropertyChanged, Breaking, "the discriminator property decides which subtype is (de)serialised: old payloads pick no subtype (openapi-diff agrees; oasdiff accepts it)", Stricter: true),
        new(DiscriminatorChanged, Warning, "a discriminator or mapping added, removed or changed: subtype selection changes for some payloads"),

        new(SecurityTightened, Breaking, "an old way to authenticate no longer suffices: a requirement alternative removed, a scheme or a scope added to one (openapi-diff agrees; oasdiff accepts an added scope)", Stricter: true),
        new(SecurityChanged, Info, "requirements changed but every old way to authenticate still works (an alternative added, a scheme or scope dropped)"),
        new(SecurityAdded, Warning, "an anonymous operation now needs credentials; the generated client sends its configured ones on every call, so only callers without any are refused"),
        new(SecurityRemoved, Info, "the operation accepts anonymous calls; credentials are still sent"),
        new(SecuritySchemeChanged, Breaking, "existing credentials stop matching: type, scheme, bearerFormat, key location or name, OpenID Connect URL, OAuth2 flow URLs or scopes changed"),
        new(SecuritySchemeRemoved, Warning, "a scheme definition removed; operations still using it are reported by security.tightened"),
        new(SecuritySchemeAdded, Info, "a new scheme"),

        new(ServerChanged, Breaking, "the first server is the generated client's default base URL; removing another server also counts (the peers ignore servers)", Stricter: true),
        new(ServerAdded, Info, "one more server"),
    ];

    private static readonly Dictionary<string, Rule> ById = All.ToDictionary(r => r.Id, StringComparer.Ordinal);

    public static Rule? Find(string id) => ById.GetValueOrDefault(id);
}
