using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Output;
using Datagrid.Cli.Reporting;
using Datagrid.Redis.Queue;
using StackExchange.Redis;

namespace Datagrid.Cli.Commands;

/// <summary>
/// The shared work queue on Redis Streams: `enqueue`, `work`, `status`, `report` and `requeue-failed` under
/// `datagrid user-memories`. The queue itself is <see cref="DatagridWorkQueue"/> and <see cref="DatagridQueueWorker"/>
/// of Datagrid.Client.Redis; this class maps flags to them and prints what they did.
/// </summary>
internal sealed class QueueCommands(CliApp app, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonSerializerOptions JsonLine = new(JsonOptions) { WriteIndented = false };

    public void AddTo(Command parent)
    {
        parent.Add(Enqueue());
        parent.Add(Work());
        parent.Add(Status());
        parent.Add(Report());
        parent.Add(RequeueFailed());
    }

    private static Option<string?> RedisOption() => new("--redis")
    {
        Description = "The Redis holding the queue (a StackExchange.Redis configuration, e.g. localhost:6379; also DATAGRID_REDIS). " +
            "Required: unlike the rate limit, the queue has no local fallback.",
        HelpName = "CONFIG",
    };

    private static Option<string> QueueOption() => new("--queue")
    {
        Description = "The queue's name: 1-64 letters, digits, '.', '_' or '-'.",
        HelpName = "NAME",
        Required = true,
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON." };

    private Command Enqueue()
    {
        var flags = new ClientFlags(withTeamspace: true);
        var redis = RedisOption();
        var queue = QueueOption();
        var json = JsonOption();
        var ids = new Argument<string[]>("ids") { Description = "User memory ids to enqueue.", Arity = ArgumentArity.ZeroOrMore };
        var idsFile = new Option<string?>("--ids-file")
        {
            Description = "Read ids from FILE ('-' = standard input): one per line, or a CSV with the header 'teamspace,user_memory_id' (as for delete).",
            HelpName = "FILE|-",
        };
        var command = new Command("enqueue", "Add ids to a shared work queue in Redis (the same input as delete). Re-enqueueing adds nothing twice. " +
            "The first enqueue ties the queue to the base URL and the key's fingerprint (never the key). Exit codes: 0 done; 2 bad input or options " +
            "(nothing added); 4 Redis unreachable.")
        {
            ids, idsFile, redis, queue, json,
        };
        flags.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = QueueName(parsed.GetValue(queue));
            var settings = flags.Resolve(app, parsed, parsed.GetValue(idsFile));
            using var input = IdInput.Open(parsed.GetValue(ids) ?? [], parsed.GetValue(idsFile), app.Input, settings.Teamspace);
            if (input.PerRowTeamspace && flags.TeamspaceGiven(parsed))
            {
                throw new UsageException($"--teamspace does not apply to a '{IdInput.CsvHeader}' CSV: each row names its teamspace. Drop --teamspace, or give a plain id list.");
            }

            if (input.PerRowTeamspace && parsed.GetValue(ids) is { Length: > 0 })
            {
                throw new UsageException($"Ids given as arguments have no teamspace, but the '{IdInput.CsvHeader}' CSV names one per row. Put every row in the CSV.");
            }

            foreach (var warning in input.Warnings)
            {
                await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            if (input.Errors.Count > 0)
            {
                foreach (var problem in input.Errors)
                {
                    await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                }

                await error.WriteLineAsync("Nothing was added to the queue: fix the lines above and enqueue again.").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            using var connection = await ConnectAsync(parsed.GetValue(redis)).ConfigureAwait(false);
            var workQueue = new DatagridWorkQueue(connection, name);
            var filter = input.NewDuplicateFilter();
            var duplicates = 0;
            var rows = input.ReadRows().Where(r =>
            {
                var repeat = filter.IsRepeat(r, out _);
                duplicates += repeat ? 1 : 0;
                return !repeat;
            }).Select(r => new WorkItem(input.PerRowTeamspace ? r.Teamspace : settings.Teamspace, r.Id));
            var result = await OnRedisAsync(() => Refused(() => workQueue.EnqueueAsync(settings.BaseUrl, DatagridWorkQueue.KeyFingerprint(settings.ApiKey), rows, cancellationToken))).ConfigureAwait(false);
            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    Queue = name,
                    result.Added,
                    result.AlreadyQueued,
                    result.AlreadyDone,
                    result.AlreadyFailed,
                    DuplicatesInInput = duplicates,
                }, JsonOptions)).ConfigureAwait(false);
            }
            else
            {
                var c = CultureInfo.InvariantCulture;
                await output.WriteLineAsync(string.Create(c, $"Queue '{name}': added {result.Added} item(s).")).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(c, $"  already queued or in flight: {result.AlreadyQueued}")).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(c, $"  already done:                {result.AlreadyDone}")).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(c, $"  already failed:              {result.AlreadyFailed}{(result.AlreadyFailed > 0 ? " (retry them with: datagrid user-memories requeue-failed --queue " + name + ")" : string.Empty)}")).ConfigureAwait(false);
                if (duplicates > 0)
                {
                    await output.WriteLineAsync(string.Create(c, $"  repeated in the input:       {duplicates} (each enqueued once)")).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private Command Work()
    {
        var flags = new ClientFlags(withTeamspace: false);
        var redis = RedisOption();
        var queue = QueueOption();
        var json = JsonOption();
        var lease = new Option<double>("--lease")
        {
            Description = "Seconds an item claimed by a worker that stopped answering stays with it before another worker takes it over; " +
                "renewed every third of it while a request is in flight [default: 300].",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 300,
        };
        var exitWhenEmpty = new Option<bool>("--exit-when-empty")
        {
            Description = "Exit 0 once nothing is queued and nothing is in flight anywhere (a Kubernetes Job's worker).",
        };
        var concurrency = new Option<int>("--concurrency") { Description = "Items held at once per teamspace (1-64).", DefaultValueFactory = _ => 8 };
        var maxDeliveries = new Option<int>("--max-deliveries")
        {
            Description = "Workers one item may be given in a round: an item delivered more often (its workers stopped without an outcome) is " +
                "recorded as failed instead of being taken over again; requeue-failed gives it a fresh count (at least 1).",
            HelpName = "N",
            DefaultValueFactory = _ => 5,
        };
        var maxRetries = new Option<int>("--max-retries") { Description = "Retries per id for 429, 5xx and connection errors.", DefaultValueFactory = _ => 5 };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds one attempt may take [default: 60].", HelpName = "SECONDS" };
        var window = new Option<double>("--rate-limit-window") { Description = "The server's rate-limit window in seconds.", HelpName = "SECONDS", DefaultValueFactory = _ => 60 };
        var rateLimit = new Option<int?>("--rate-limit") { Description = "Requests per window to pace at until the server says its limit.", HelpName = "N" };
        var poll = new Option<double>("--poll-interval") { Description = "Seconds between looks for new or abandoned items when idle.", HelpName = "SECONDS", DefaultValueFactory = _ => 1 };
        var command = new Command("work", "Join a queue's workers: claim items, delete them paced by the shared Redis rate limit (each teamspace on its " +
            "own budget), store each outcome in Redis, then acknowledge it. Items of a worker that stopped answering are taken over after --lease, " +
            "at most --max-deliveries workers per item (then it is failed). " +
            "SIGTERM: no new claims, the items in flight are finished and acknowledged, exit 143. Exit codes: 0 queue empty (--exit-when-empty); " +
            "1 stopped on its own (refused key, unreachable host); 2 bad options, unknown queue, or a queue of another base URL or key; 4 Redis unreachable; 130/143 signals.")
        {
            redis, queue, lease, exitWhenEmpty, concurrency, maxDeliveries, maxRetries, timeout, window, rateLimit, poll, json,
        };
        flags.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = QueueName(parsed.GetValue(queue));
            var resolved = flags.Resolve(app, parsed, null);
            var parallel = parsed.GetValue(concurrency);
            if (parallel is < 1 or > UserMemoriesCommand.MaxConcurrency)
            {
                throw new UsageException($"--concurrency must be between 1 and {UserMemoriesCommand.MaxConcurrency} (got {parallel}).");
            }

            var deliveries = parsed.GetValue(maxDeliveries);
            if (deliveries < 1)
            {
                throw new UsageException($"--max-deliveries must be at least 1 (1: an item whose worker stops without an outcome is failed, not taken over; got {deliveries}).");
            }

            if (parsed.GetValue(rateLimit) is < 1)
            {
                throw new UsageException("--rate-limit must be at least 1 request per window; leave it out to learn the limit from the server.");
            }

            var redisConfiguration = RedisConfiguration(parsed.GetValue(redis));
            var settings = new DeleteSettings
            {
                BaseUrl = resolved.BaseUrl,
                ApiKey = resolved.ApiKey,
                Headers = resolved.Headers,
                AllowInsecureHttp = resolved.AllowInsecureHttp,
                Concurrency = parallel,
                MaxRetries = parsed.GetValue(maxRetries) is var retries and >= 0 and <= 20 ? retries : throw new UsageException("--max-retries must be between 0 and 20."),
                Timeout = parsed.GetValue(timeout) is { } seconds ? SecondsOption.ToTimeSpan(seconds, "--timeout") : null,
                RateLimitWindow = SecondsOption.ToTimeSpan(parsed.GetValue(window), "--rate-limit-window"),
                RateLimit = parsed.GetValue(rateLimit),
                Redis = redisConfiguration,
                PerRowTeamspace = true,
            };
            var workerOptions = new DatagridQueueWorkerOptions
            {
                Lease = SecondsOption.ToTimeSpan(parsed.GetValue(lease), "--lease"),
                Concurrency = parallel,
                ExitWhenEmpty = parsed.GetValue(exitWhenEmpty),
                MaxDeliveries = deliveries,
                PollInterval = SecondsOption.ToTimeSpan(parsed.GetValue(poll), "--poll-interval"),
                Window = settings.RateLimitWindow!.Value,
            };

            using var connection = await ConnectAsync(redisConfiguration).ConfigureAwait(false);
            var workQueue = new DatagridWorkQueue(connection, name);
            await OnRedisAsync(() => Refused(() => workQueue.VerifyAsync(settings.BaseUrl, DatagridWorkQueue.KeyFingerprint(settings.ApiKey)))).ConfigureAwait(false);

            using var http = new HttpClient(app.HttpHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            var options = DeleteJob.ClientOptions(settings, slots: null, perRowTeamspace: true);
            using var limiter = DeleteJob.CreateRedisLimiter(redisConfiguration, options, error);
            using var client = DeleteJob.CreateClient(http, options, limiter);
            var deleter = new ClientDeleter(client);
            var worker = new DatagridQueueWorker(workQueue, async (item, ct) =>
            {
                var result = await deleter.DeleteAsync(new DeleteRow(item.Teamspace, item.Id, 0), ct).ConfigureAwait(false);
                return new WorkOutcome
                {
                    Id = item.Id,
                    Teamspace = item.Teamspace,
                    Outcome = result.Outcome switch { DeleteOutcome.Deleted => WorkOutcomeKind.Deleted, DeleteOutcome.Absent => WorkOutcomeKind.Absent, _ => WorkOutcomeKind.Failed },
                    Status = result.StatusCode,
                    Attempts = result.Attempts,
                    RequestId = result.RequestId,
                    Reason = result.Reason,
                    Time = result.At ?? DateTimeOffset.UtcNow,
                    StopsTheWorker = result.StopsTheRun,
                    RateLimit = client.LastRateLimit?.Limit,
                };
            }, workerOptions, new WarningLog(error).CreateLogger("Datagrid.Redis.Queue"));

            var control = app.Control ?? StopControl.From(cancellationToken);
            await error.WriteLineAsync($"Worker {worker.ConsumerName} joined queue '{name}'.").ConfigureAwait(false);
            var started = DateTimeOffset.UtcNow;
            var ran = await worker.RunAsync(control.Stopping, control.Aborting).ConfigureAwait(false);
            var exitCode = control.SignalExitCode is { } signal && !ran.QueueEmpty ? signal
                : ran.StoppedBecause is not null ? ExitCodes.SomeFailed
                : ExitCodes.Success;
            WorkQueueStatus? status = null;
            try
            {
                status = await workQueue.GetStatusAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The worker's own figures are still worth printing.
            }

            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    Worker = worker.ConsumerName,
                    ran.Deleted,
                    ran.Absent,
                    FailedCount = ran.Failed,
                    RecordedByAnotherWorker = ran.Duplicates,
                    ran.QueueEmpty,
                    ran.StoppedBecause,
                    ElapsedSeconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 3),
                    Queue = status is null ? null : StatusDocument(status),
                    ExitCode = exitCode,
                }, JsonOptions)).ConfigureAwait(false);
            }
            else
            {
                var c = CultureInfo.InvariantCulture;
                await output.WriteLineAsync(ran.QueueEmpty ? "The queue is empty: nothing queued, nothing in flight."
                    : control.SignalExitCode == ExitCodes.Terminated ? "Terminated (SIGTERM): the items in flight were finished and acknowledged."
                    : control.SignalExitCode is not null ? "Cancelled: the items in flight were finished and acknowledged."
                    : $"Stopped: {ran.StoppedBecause}").ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(c, $"Worker {worker.ConsumerName}: deleted {ran.Deleted}, already absent {ran.Absent}, failed {ran.Failed}" +
                    $"{(ran.Duplicates > 0 ? $", {ran.Duplicates} recorded first by another worker" : string.Empty)}.")).ConfigureAwait(false);
                if (status is not null)
                {
                    await output.WriteLineAsync(string.Create(c, $"Queue '{name}': {status.Deleted} deleted, {status.Absent} absent, {status.Failed} failed, {status.Queued} queued, {status.InFlight} in flight, of {status.Total}.")).ConfigureAwait(false);
                }

                if (ran.StoppedBecause is not null)
                {
                    await output.WriteLineAsync($"Fix what stopped the worker; then re-queue the failed items (datagrid user-memories requeue-failed --queue {name}) and start workers again.").ConfigureAwait(false);
                }
            }

            return exitCode;
        });
        return command;
    }

    private Command Status()
    {
        var redis = RedisOption();
        var queue = QueueOption();
        var json = JsonOption();
        var watch = new Option<bool>("--watch") { Description = "Print the status again every --interval seconds until Ctrl+C." };
        var interval = new Option<double>("--interval") { Description = "Seconds between two --watch prints.", HelpName = "SECONDS", DefaultValueFactory = _ => 5 };
        var command = new Command("status", "How far a queue is: queued, in flight (per worker), deleted, absent, failed, the rate per teamspace against " +
            "its budget, the earliest finish. --json uses the field names of delete --json (total, deleted, absent, failed_count) plus queued and in_flight. " +
            "Exit codes: 0; 2 unknown queue or bad options; 4 Redis unreachable.")
        {
            redis, queue, json, watch, interval,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = QueueName(parsed.GetValue(queue));
            var every = SecondsOption.ToTimeSpan(parsed.GetValue(interval), "--interval");
            using var connection = await ConnectAsync(parsed.GetValue(redis)).ConfigureAwait(false);
            var workQueue = new DatagridWorkQueue(connection, name);
            var stopping = app.Control?.Stopping ?? cancellationToken;
            do
            {
                var status = await OnRedisAsync(() => Refused(workQueue.GetStatusAsync)).ConfigureAwait(false);
                if (parsed.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(StatusDocument(status), parsed.GetValue(watch) ? JsonLine : JsonOptions)).ConfigureAwait(false);
                }
                else
                {
                    await WriteStatusTextAsync(name, status).ConfigureAwait(false);
                }

                if (!parsed.GetValue(watch))
                {
                    break;
                }

                try
                {
                    await Task.Delay(every, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            while (!stopping.IsCancellationRequested);

            return ExitCodes.Success;
        });
        return command;
    }

    private Command Report()
    {
        var redis = RedisOption();
        var queue = QueueOption();
        var report = new Option<string>("--report") { Description = "Write every outcome of every round to FILE (the report format of delete).", HelpName = "FILE", Required = true };
        var format = new Option<string>("--report-format") { Description = "jsonl or csv.", DefaultValueFactory = _ => "jsonl", HelpName = "jsonl|csv" };
        var command = new Command("report", "Export every outcome a queue recorded, every round's, in the order recorded (the report format of delete). Exit codes: 0; 2 unknown queue, bad options or unwritable file; 4 Redis unreachable.")
        {
            redis, queue, report, format,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = QueueName(parsed.GetValue(queue));
            var reportFormat = parsed.GetValue(format)?.ToLowerInvariant() switch
            {
                "jsonl" or "json" => ReportFormat.JsonLines,
                "csv" => ReportFormat.Csv,
                var other => throw new UsageException($"--report-format must be jsonl or csv (got '{other}')."),
            };
            using var connection = await ConnectAsync(parsed.GetValue(redis)).ConfigureAwait(false);
            var workQueue = new DatagridWorkQueue(connection, name);
            _ = await OnRedisAsync(() => Refused(workQueue.GetStatusAsync)).ConfigureAwait(false);
            ReportWriter writer;
            try
            {
                writer = await ReportWriter.CreateAsync(parsed.GetValue(report)!, reportFormat).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new UsageException(e.Message);
            }

            var count = 0;
            await using (writer.ConfigureAwait(false))
            {
                await OnRedisAsync(async () =>
                {
                    await foreach (var outcome in workQueue.ReadOutcomesAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteAsync(new DeleteResult(outcome.Id,
                            outcome.Outcome switch { WorkOutcomeKind.Deleted => DeleteOutcome.Deleted, WorkOutcomeKind.Absent => DeleteOutcome.Absent, _ => DeleteOutcome.Failed },
                            outcome.Status, outcome.Reason)
                        {
                            Teamspace = outcome.Teamspace,
                            Attempts = outcome.Attempts,
                            RequestId = outcome.RequestId,
                            At = outcome.Time,
                        }).ConfigureAwait(false);
                        count++;
                    }

                    return count;
                }).ConfigureAwait(false);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {count} outcome(s) of queue '{name}' to {parsed.GetValue(report)}.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private Command RequeueFailed()
    {
        var redis = RedisOption();
        var queue = QueueOption();
        var command = new Command("requeue-failed", "Put every failed item of a queue back in it, in a new round (the report keeps the earlier rounds' outcomes). Exit codes: 0; 2 unknown queue; 4 Redis unreachable.")
        {
            redis, queue,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = QueueName(parsed.GetValue(queue));
            using var connection = await ConnectAsync(parsed.GetValue(redis)).ConfigureAwait(false);
            var workQueue = new DatagridWorkQueue(connection, name);
            _ = await OnRedisAsync(() => Refused(workQueue.GetStatusAsync)).ConfigureAwait(false);
            var moved = await OnRedisAsync(workQueue.RequeueFailedAsync).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Queue '{name}': {moved} failed item(s) re-queued in a new round.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private async Task WriteStatusTextAsync(string name, WorkQueueStatus status)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"Queue '{name}' ({status.Info.BaseUrl}, key {status.Info.KeyFingerprint}, round {status.Info.Rounds}):"),
            string.Create(c, $"  total:           {status.Total}"),
            string.Create(c, $"  queued:          {status.Queued}"),
            string.Create(c, $"  in flight:       {status.InFlight}"),
            string.Create(c, $"  deleted:         {status.Deleted}"),
            string.Create(c, $"  already absent:  {status.Absent}"),
            string.Create(c, $"  failed:          {status.Failed}"),
        };
        foreach (var (worker, count) in status.InFlightPerWorker.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            lines.Add(string.Create(c, $"  in flight at {worker}: {count}"));
        }

        foreach (var team in status.Teamspaces)
        {
            var budget = team.Limit is { } limit ? string.Create(c, $"budget {limit}") : "budget not reported yet";
            lines.Add(string.Create(c, $"  teamspace {team.Teamspace ?? "(none)"}: {team.Remaining} of {team.Total} left; {team.RecentCount} done in the last {team.Window.TotalSeconds:0.#} s ({budget} per window)"));
        }

        lines.Add(status.Remaining == 0 ? "  finished: nothing queued or in flight"
            : status.EarliestFinish is { } finish ? string.Create(c, $"  earliest finish: {finish.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC at each teamspace's budget")
            : "  earliest finish: unknown until a worker reports each teamspace's budget");
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static object StatusDocument(WorkQueueStatus status) => new
    {
        status.Total,
        status.Deleted,
        status.Absent,
        FailedCount = status.Failed,
        status.Queued,
        status.InFlight,
        InFlightPerWorker = status.InFlightPerWorker,
        Teamspaces = status.Teamspaces.Select(t => new
        {
            t.Teamspace,
            t.Total,
            t.Remaining,
            DoneLastWindow = t.RecentCount,
            t.Limit,
            WindowSeconds = t.Window.TotalSeconds,
        }),
        EarliestFinish = status.Remaining == 0 ? (DateTimeOffset?)null : status.EarliestFinish,
        Finished = status.Remaining == 0,
        status.Info.Rounds,
        BaseUrl = status.Info.BaseUrl.AbsoluteUri,
        KeySha256 = status.Info.KeyFingerprint,
    };

    private static string QueueName(string? name) =>
        DatagridWorkQueue.NameProblem(name) is { } problem ? throw new UsageException(problem) : name!;

    private string RedisConfiguration(string? flag) =>
        flag ?? app.GetEnvironment("DATAGRID_REDIS")
        ?? throw new UsageException("The queue lives in Redis: give --redis CONFIG (e.g. localhost:6379) or set DATAGRID_REDIS.");

    /// <summary>Connects, or says plainly that Redis cannot be reached (exit 4): the queue has no local fallback.</summary>
    private async Task<ConnectionMultiplexer> ConnectAsync(string? flag)
    {
        var configuration = RedisConfiguration(flag);
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--redis / DATAGRID_REDIS: {e.Message}");
        }

        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.ConnectRetry = 1;
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new ServiceUnavailableException(
                $"Redis at {string.Join(", ", options.EndPoints)} cannot be reached ({e.Message.Split('\n')[0].TrimEnd('.')}). The queue lives there, so nothing was done: " +
                "start Redis or fix --redis / DATAGRID_REDIS.", e);
        }
    }

    private static async Task<T> OnRedisAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new ServiceUnavailableException($"Redis stopped answering ({e.Message.Split('\n')[0].TrimEnd('.')}). Run the command again once Redis is back: the queue keeps what it recorded.", e);
        }
    }

    private static async Task<T> Refused<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (WorkQueueException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The base URL and key flags of a queue command, resolved by the library as for delete.</summary>
    private sealed class ClientFlags(bool withTeamspace)
    {
        private readonly Option<string?> baseUrl = new("--base-url") { Description = $"API base URL [default: $DATAGRID_BASE_URL, else {DatagridClientOptions.DefaultBaseUrl}]" };
        private readonly Option<string?> apiKeyFile = new("--api-key-file") { Description = "Read the API key from FILE (its first line); without a key option, $DATAGRID_API_KEY.", HelpName = "FILE" };
        private readonly Option<bool> apiKeyStdin = new("--api-key-stdin") { Description = "Read the API key from the first line of standard input." };
        private readonly Option<string?> apiKey = new("--api-key") { Description = "API key (visible in 'ps': prefer --api-key-file or $DATAGRID_API_KEY).", HelpName = "KEY" };
        private readonly Option<string?> teamspace = new("--teamspace") { Description = "Teamspace of a plain id list [default: $DATAGRID_TEAMSPACE_ID]." };
        private readonly Option<bool> allowInsecureHttp = new("--allow-insecure-http") { Description = "Allow a plain http:// base URL to a host other than this machine." };

        public void AddTo(Command command)
        {
            command.Add(baseUrl);
            command.Add(apiKeyFile);
            command.Add(apiKeyStdin);
            command.Add(apiKey);
            command.Add(allowInsecureHttp);
            if (withTeamspace)
            {
                command.Add(teamspace);
            }
        }

        public bool TeamspaceGiven(ParseResult parsed) => withTeamspace && parsed.GetValue(teamspace) is not null;

        public Resolved Resolve(CliApp app, ParseResult parsed, string? idsFile)
        {
            var urlText = parsed.GetValue(baseUrl);
            Uri? url = null;
            if (urlText is not null
                && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            {
                throw new UsageException($"--base-url '{urlText}' is not an http(s) URL; expected e.g. {DatagridClientOptions.DefaultBaseUrl}.");
            }

            var key = UserMemoriesCommand.ResolveKey(app, parsed.GetValue(apiKey), parsed.GetValue(apiKeyFile), parsed.GetValue(apiKeyStdin), idsFile);
            var options = new DatagridClientOptions
            {
                ApiKey = key,
                BaseUrl = url,
                Teamspace = withTeamspace ? parsed.GetValue(teamspace) : null,
                AllowInsecureHttp = parsed.GetValue(allowInsecureHttp),
            };
            try
            {
                var settings = ClientSettings.Resolve(options, app.GetEnvironment);
                return new Resolved(settings.BaseUrl, settings.ApiKey, withTeamspace ? settings.Teamspace : null, settings.Headers, options.AllowInsecureHttp);
            }
            catch (DatagridConfigurationException e)
            {
                throw new UsageException(CliWording.ForCommandLine(e.Message));
            }
        }
    }

    private sealed record Resolved(Uri BaseUrl, string ApiKey, string? Teamspace, IReadOnlyList<KeyValuePair<string, string>> Headers, bool AllowInsecureHttp)
    {
        public override string ToString() => $"Resolved {{ BaseUrl = {BaseUrl}, ApiKey = (hidden) }}";
    }
}
