using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Datagrid.LocalServer.Tests;

/// <summary>
/// Proves the local server answers the way openapi/datagrid.yaml says Datagrid does: every response it can send
/// is either a status the spec declares, checked against the spec, or one listed below with the reason it exists.
/// </summary>
public class ContractTests
{
    /// <summary>
    /// Statuses the server sends that the spec does not declare. The real API sends them too; the spec is silent.
    /// </summary>
    private static readonly Dictionary<int, string> UndeclaredStatuses = new()
    {
        [401] = "missing or wrong bearer token: the spec declares BearerAuth security, so a refusal must exist",
        [404] = "the memory does not exist (or was already deleted): a delete of an unknown id cannot answer 204",
        [500] = "fault injection only (FaultOptions.ServerErrorRate), so clients can test their retries",
    };

    private static OpenApiDocument document = null!;

    [OneTimeSetUp]
    public static async Task LoadSpecAsync()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "openapi", "datagrid.yaml");
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        await using var stream = File.OpenRead(path);
        var result = await OpenApiDocument.LoadAsync(stream, "yaml", settings);
        Assert.That(result.Diagnostic?.Errors, Is.Empty, "the spec must parse cleanly");
        document = result.Document!;
    }

    private static OpenApiOperation DeleteOperation =>
        (OpenApiOperation)document.Paths["/user-memories/{user_memory_id}"].Operations![HttpMethod.Delete];

    [Test]
    public void TheServerServesTheSpecsPathUnderTheSpecsBasePath()
    {
        var specBasePath = new Uri(document.Servers![0].Url!).AbsolutePath;
        Assert.Multiple(() =>
        {
            Assert.That(specBasePath, Is.EqualTo("/v1"));
            Assert.That(specBasePath + "/user-memories/{user_memory_id}", Is.EqualTo(LocalDatagridServer.DeletePathTemplate));
            Assert.That(DeleteOperation.OperationId, Is.EqualTo("Memory.deleteUserMemory"));
        });
    }

    [Test]
    public void UndeclaredStatusesAreReallyUndeclared()
    {
        // If the spec starts declaring one of these, it must move to the checked path below.
        Assert.That(DeleteOperation.Responses!.Keys, Has.None.AnyOf(UndeclaredStatuses.Keys.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
    }

    [Test]
    public async Task EveryResponseTheServerSendsMatchesTheSpecOrIsListedAsUndeclared()
    {
        var responses = await CollectEveryKindOfResponseAsync();
        var seen = responses.Select(r => (int)r.Status).Distinct().Order().ToArray();
        Assert.That(seen, Is.EquivalentTo(new[] { 204, 401, 404, 429, 500 }), "the scenario must reach every status the server can send");

        Assert.Multiple(() =>
        {
            foreach (var (status, mediaType, body) in responses)
            {
                var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!DeleteOperation.Responses!.TryGetValue(code, out var declared))
                {
                    Assert.That(UndeclaredStatuses, Does.ContainKey((int)status), $"{code} is neither declared in the spec nor listed as undeclared");
                    continue;
                }

                if (declared.Content is not { Count: > 0 } content)
                {
                    Assert.That(body, Is.Empty, $"{code}: the spec declares no body");
                    continue;
                }

                Assert.That(mediaType, Is.Not.Null.And.AnyOf(content.Keys.ToArray()), $"{code}: media type");
                var schema = content[mediaType!].Schema!;
                using var json = JsonDocument.Parse(body);
                Assert.That(SchemaChecker.Check(json.RootElement, schema), Is.Empty, $"{code} body {body}");
            }
        });
    }

    [Test]
    public void TheSchemaCheckerCatchesWhatTheSpecForbids()
    {
        // Guards the guard: a checker that accepts anything would make the contract test pass vacuously.
        var schema = document.Components!.Schemas!["RateLimitError"];
        string[] bad =
        [
            """{"error":"rate_limit_exceeded","message":"m","retryable":true}""",
            """{"status_code":"429","error":"rate_limit_exceeded","message":"m","retryable":true}""",
            """{"status_code":429,"error":"slow_down","message":"m","retryable":true}""",
            """{"status_code":429,"error":"rate_limit_exceeded","message":"m","retryable":"yes"}""",
            """{"status_code":429,"error":"rate_limit_exceeded","message":"m","retryable":true,"details":{"reason":5}}""",
        ];
        Assert.Multiple(() =>
        {
            foreach (var body in bad)
            {
                using var json = JsonDocument.Parse(body);
                Assert.That(SchemaChecker.Check(json.RootElement, schema), Is.Not.Empty, body);
            }
        });
    }

    private static async Task<List<(HttpStatusCode Status, string? MediaType, string Body)>> CollectEveryKindOfResponseAsync()
    {
        var collected = new List<(HttpStatusCode, string?, string)>();

        async Task Record(Task<HttpResponseMessage> send)
        {
            using var response = await send;
            collected.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
        }

        await using (var h = await ServerHarness.StartAsync(o => o.Limit = 2))
        {
            await Record(h.DeleteAsync(LocalServerOptions.SeededId(1)));   // 204
            await Record(h.DeleteAsync("missing"));                       // 404
            await Record(h.DeleteAsync(LocalServerOptions.SeededId(2)));   // 429
            await Record(h.DeleteAsync("x", token: null));                // 401
            await Record(h.DeleteAsync("x", token: "wrong"));             // 401
        }

        await using (var h = await ServerHarness.StartAsync(o => o.Faults = new FaultOptions { ServerErrorRate = 1 }))
        {
            await Record(h.DeleteAsync(LocalServerOptions.SeededId(1)));   // 500
        }

        return collected;
    }
}
