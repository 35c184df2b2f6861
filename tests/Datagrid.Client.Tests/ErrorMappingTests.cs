using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

public class ErrorMappingTests
{
    private const string Url = "https://api.example.test/v1/user-memories/m1";

    [TestCase(401, typeof(DatagridAuthenticationException))]
    [TestCase(403, typeof(DatagridPermissionDeniedException))]
    [TestCase(404, typeof(DatagridNotFoundException))]
    [TestCase(409, typeof(DatagridConflictException))]
    [TestCase(422, typeof(DatagridUnprocessableEntityException))]
    [TestCase(429, typeof(DatagridRateLimitException))]
    [TestCase(500, typeof(DatagridServerException))]
    [TestCase(502, typeof(DatagridServerException))]
    [TestCase(503, typeof(DatagridServerException))]
    [TestCase(400, typeof(DatagridApiException))]
    [TestCase(418, typeof(DatagridApiException))]
    public void EachErrorStatusBecomesItsTypedExceptionWithStatusHeadersAndBody(int status, Type expected)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(Url).Respond(() =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent("{\"message\":\"server says no\"}", Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("X-Request-Id", "req-777");
            response.Headers.Add("X-RateLimit-Limit", "200");
            return Task.FromResult(response);
        });
        using var client = TestClients.Create(handler, o => o.Retry.MaxRetries = 0);

        var ex = Assert.CatchAsync<DatagridApiException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.GetType(), Is.EqualTo(expected));
            Assert.That(ex.StatusCode, Is.EqualTo(status));
            Assert.That(ex.RequestId, Is.EqualTo("req-777"));
            Assert.That(ex.ResponseBody, Is.EqualTo("{\"message\":\"server says no\"}"));
            Assert.That(ex.Headers["content-type"].Single(), Does.StartWith("application/json"));
            Assert.That(ex.Message, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("server says no"));
            Assert.That(ex.RateLimit?.Limit, Is.EqualTo(200));
            Assert.That(ex.Attempts, Is.EqualTo(1));
            Assert.That(ex.Response.StatusCode, Is.EqualTo(status), "the details travel together as the Response");
            Assert.That(ex.Response.Body, Is.SameAs(ex.ResponseBody));
        });
    }

    [Test]
    public void ANotFoundTellsTheCallerTheMemoryIsAbsent()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(Url).Respond(HttpStatusCode.NotFound);
        using var client = TestClients.Create(handler);

        var ex = Assert.ThrowsAsync<DatagridNotFoundException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.That(ex!.Message, Does.Contain("404").And.Contain("DELETE /v1/user-memories/m1"));
    }

    [Test]
    public void AWellFormedRateLimitBodyIsParsed()
    {
        const string body = """
            {"status_code":429,"statusCode":429,"error":"rate_limit_exceeded","message":"Too many requests",
             "mitigation":"Slow down","retryable":true,"details":{"reason":"200 per 60 s"}}
            """;
        var ex = RateLimited(body, ("Retry-After", "7"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1900000000"));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Body, Is.Not.Null);
            Assert.That(ex.Body!.StatusCode, Is.EqualTo(429));
            Assert.That(ex.Body.Error, Is.EqualTo(RateLimitErrorCode.RateLimitExceeded));
            Assert.That(ex.Body.Details?.Reason, Is.EqualTo("200 per 60 s"));
            Assert.That(ex.ErrorCode, Is.EqualTo("rate_limit_exceeded"));
            Assert.That(ex.ServerMessage, Is.EqualTo("Too many requests"));
            Assert.That(ex.Mitigation, Is.EqualTo("Slow down"));
            Assert.That(ex.Retryable, Is.True);
            Assert.That(ex.Reason, Is.EqualTo("200 per 60 s"));
            Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(ex.RateLimit!.Remaining, Is.EqualTo(0));
            Assert.That(ex.RateLimit.Reset, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1900000000)));
            Assert.That(ex.Message, Does.Contain("Too many requests"));
        });
    }

    [TestCase("", TestName = "429 with an empty body")]
    [TestCase("<html><body>Too Many Requests</body></html>", TestName = "429 with an HTML body")]
    [TestCase("{\"status_code\":429,\"error\":\"rate_li", TestName = "429 with a truncated JSON body")]
    [TestCase("{\"message\":\"slow down\"}", TestName = "429 missing required fields")]
    [TestCase("{\"status_code\":\"x\",\"error\":42,\"message\":[],\"retryable\":\"yes\"}", TestName = "429 with fields of the wrong type")]
    [TestCase("[1,2,3]", TestName = "429 with a JSON array")]
    [TestCase("null", TestName = "429 with JSON null")]
    public void AMalformedRateLimitBodyIsStillTheRateLimitExceptionWithTheRawText(string body)
    {
        var ex = RateLimited(body, ("Retry-After", "3"));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Body, Is.Null);
            Assert.That(ex.ResponseBody, Is.EqualTo(body));
            Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(ex.InnerException, Is.Null, "no JSON exception leaks out");
        });
    }

    [Test]
    public void PartialBodyFieldsAreStillExposed()
    {
        var ex = RateLimited("{\"message\":\"slow down\",\"retryable\":false}");

        Assert.Multiple(() =>
        {
            Assert.That(ex.ServerMessage, Is.EqualTo("slow down"));
            Assert.That(ex.Retryable, Is.False);
            Assert.That(ex.Body, Is.Null);
        });
    }

    [Test]
    public void AnUndeclaredSuccessStatusIsReportedAsContractDrift()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(Url).Respond(HttpStatusCode.OK, "application/json", "{}");
        using var client = TestClients.Create(handler);

        var ex = Assert.CatchAsync<DatagridApiException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.That(ex!.StatusCode, Is.EqualTo(200));
        Assert.That(ex.Message, Does.Contain("openapi/datagrid.yaml"));
    }

    [Test]
    public void AConnectionFailureBecomesAConnectionException()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(Url).Throw(new HttpRequestException("Connection refused"));
        using var client = TestClients.Create(handler, o => o.Retry.MaxRetries = 0);

        var ex = Assert.ThrowsAsync<DatagridConnectionException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.That(ex!.Message, Does.Contain("https://api.example.test").And.Contain("Connection refused"));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
    }

    private static DatagridRateLimitException RateLimited(string body, params (string Name, string Value)[] headers)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(Url).Respond(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        });
        using var client = TestClients.Create(handler, o => o.Retry.MaxRetries = 0);
        return Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("m1"))!;
    }
}
