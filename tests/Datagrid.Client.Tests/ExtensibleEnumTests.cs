using System.Net;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>
/// Forward compatibility of the generated models: a value or a property the server adds after this client was built
/// is read into the typed model, kept as sent, and written back unchanged.
/// </summary>
public class ExtensibleEnumTests
{
    private const string Url = "https://api.example.test/v1/user-memories/m1";

    [Test]
    public void ARateLimitBodyWithAnErrorCodeThisClientDoesNotKnowIsStillTyped()
    {
        var ex = RateLimited("""{"status_code":429,"error":"quota_exceeded","message":"Monthly quota used up","retryable":false}""");

        Assert.Multiple(() =>
        {
            Assert.That(ex.Body, Is.Not.Null, "an unknown error value must not drop the typed body");
            Assert.That(ex.Body!.Error.ToString(), Is.EqualTo("quota_exceeded"));
            Assert.That(ex.Body.Error, Is.EqualTo(new RateLimitErrorCode("quota_exceeded")));
            Assert.That(ex.Body.Error == RateLimitErrorCode.RateLimitExceeded, Is.False);
            Assert.That(ex.Body.Error != RateLimitErrorCode.RateLimitExceeded, Is.True);
            Assert.That(ex.Body.Message, Is.EqualTo("Monthly quota used up"));
            Assert.That(ex.Body.Retryable, Is.False);
            Assert.That(ex.ErrorCode, Is.EqualTo("quota_exceeded"));
        });
    }

    [Test]
    public void AResponseThatGainedAPropertyIsReadAndTheNewPropertyIsKept()
    {
        var ex = RateLimited("""
            {"status_code":429,"error":"rate_limit_exceeded","message":"m","retryable":true,
             "quota":{"limit":5000,"period":"month"},"details":{"reason":"r","window_ms":60000}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(ex.Body, Is.Not.Null);
            Assert.That(ex.Body!.Error, Is.EqualTo(RateLimitErrorCode.RateLimitExceeded));
            Assert.That(ex.Body.AdditionalProperties["quota"], Is.InstanceOf<JObject>());
            Assert.That(((JObject)ex.Body.AdditionalProperties["quota"])["limit"]!.Value<int>(), Is.EqualTo(5000));
            Assert.That(ex.Body.Details?.Reason, Is.EqualTo("r"));
            Assert.That(ex.Body.Details!.AdditionalProperties["window_ms"], Is.EqualTo(60000L));
        });
    }

    [Test]
    public void AModelWithUnknownValuesAndPropertiesRoundTripsUnchanged()
    {
        const string json = """{"status_code":429,"error":"quota_exceeded","message":"m","retryable":false,"quota":{"limit":5000},"details":{"reason":"r","hint":"later"}}""";

        var model = JsonConvert.DeserializeObject<RateLimitError>(json)!;
        var written = JsonConvert.SerializeObject(model);

        Assert.That(JToken.DeepEquals(JObject.Parse(written), JObject.Parse(json)), Is.True, written);
    }

    [Test]
    public void EqualityFollowsTheWireValue()
    {
        var known = RateLimitErrorCode.RateLimitExceeded;
        RateLimitErrorCode fromString = "rate_limit_exceeded";
        var unknown = new RateLimitErrorCode("quota_exceeded");

        Assert.Multiple(() =>
        {
            Assert.That(known.ToString(), Is.EqualTo("rate_limit_exceeded"));
            Assert.That(fromString, Is.EqualTo(known));
            Assert.That(fromString == known, Is.True);
            Assert.That(fromString.GetHashCode(), Is.EqualTo(known.GetHashCode()));
            Assert.That(((IEquatable<RateLimitErrorCode>)known).Equals(unknown), Is.False);
            Assert.That(known.Equals((object)new RateLimitErrorCode("rate_limit_exceeded")), Is.True);
            Assert.That(new RateLimitErrorCode("Rate_Limit_Exceeded"), Is.Not.EqualTo(known), "wire values are case-sensitive");
            Assert.That(new HashSet<RateLimitErrorCode> { known, fromString, unknown }, Has.Count.EqualTo(2));
            Assert.That(default(RateLimitErrorCode).ToString(), Is.Empty);
            Assert.That(default(RateLimitErrorCode), Is.Not.EqualTo(new RateLimitErrorCode(string.Empty)));
            Assert.Throws<ArgumentNullException>(() => _ = new RateLimitErrorCode(null!));
        });
    }

    [Test]
    public void TheValueSerializesAsItsWireStringAndBack()
    {
        var values = new[] { RateLimitErrorCode.RateLimitExceeded, new RateLimitErrorCode("quota_exceeded") };

        var json = JsonConvert.SerializeObject(values);
        var back = JsonConvert.DeserializeObject<RateLimitErrorCode[]>(json);
        var nullable = JsonConvert.DeserializeObject<RateLimitErrorCode?[]>("""["x", null]""");

        Assert.Multiple(() =>
        {
            Assert.That(json, Is.EqualTo("""["rate_limit_exceeded","quota_exceeded"]"""));
            Assert.That(back, Is.EqualTo(values));
            Assert.That(nullable, Is.EqualTo(new RateLimitErrorCode?[] { new RateLimitErrorCode("x"), null }));
            Assert.That(JsonConvert.SerializeObject(default(RateLimitErrorCode)), Is.EqualTo("null"));
            Assert.Throws<JsonSerializationException>(() => JsonConvert.DeserializeObject<RateLimitErrorCode>("null"));
            Assert.Throws<JsonSerializationException>(() => JsonConvert.DeserializeObject<RateLimitErrorCode>("{}"));
        });
    }

    [Test]
    public void ARateLimitBodyWithAnObjectForItsErrorCodeIsStillUntyped()
    {
        var ex = RateLimited("""{"status_code":429,"error":{"code":"x"},"message":"m","retryable":true}""");

        Assert.That(ex.Body, Is.Null, "a value of the wrong JSON kind is not an enum value");
    }

    private static DatagridRateLimitException RateLimited(string body)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(Url).Respond(() => Task.FromResult(new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }));
        using var client = TestClients.Create(handler, o => o.Retry.MaxRetries = 0);
        return Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("m1"))!;
    }
}
