using System.Globalization;
using System.Text.Json;
using CorrelationHub.Correlation.Cti;
using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Endpoints;

namespace CorrelationHub.Web.Hosting;

/// <summary>
/// Command-line actions run against the configured database without starting the server:
/// <c>recorrelate --from ISO --to ISO [--replay]</c>, <c>import-cti FILE [--date YYYY-MM-DD] [--utc-offset-minutes N]</c>,
/// <c>migrate</c>, <c>accounts add|list|update|set-password|remove …</c> (see <see cref="AccountsCommand"/>) and
/// <c>audit [--from ISO] [--to ISO] [--user U] [--action A]</c>. Host settings (<c>--Storage:Provider=…</c>) follow as usual.
/// </summary>
public static class CommandLine
{
    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "--from", "--to", "--date", "--utc-offset-minutes", "--role", "--teams", "--name", "--user", "--action", "--limit",
    };

    public static bool IsAction(string[] args) => args.Length > 0 && args[0] is "recorrelate" or "import-cti" or "migrate" or "accounts" or "audit";

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) => RunAsync(args, Console.In, stdout, stderr);

    /// <summary>Runs an action; <paramref name="stdin"/> gives passwords (<c>accounts add</c>, <c>accounts set-password</c>).</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var action = args[0];
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positional = new List<string>();
        var hostArgs = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (ValueOptions.Contains(arg))
            {
                options[arg[2..]] = i + 1 < args.Length ? args[++i] : null;
            }
            else if (arg == "--replay")
            {
                options["replay"] = "true";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || arg.Contains('=', StringComparison.Ordinal))
            {
                hostArgs.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    hostArgs.Add(args[++i]);
                }
            }
            else
            {
                positional.Add(arg);
            }
        }

        await using var app = CorrelationHubApp.Build([.. hostArgs, "--Logging:LogLevel:Default=Warning"]);
        var services = app.Services;
        await services.GetRequiredService<MigrationRunner>().MigrateAsync().ConfigureAwait(false);
        switch (action)
        {
            case "migrate":
                await stdout.WriteLineAsync("database is up to date").ConfigureAwait(false);
                return 0;
            case "accounts":
                return await AccountsCommand.RunAsync(services, positional, options, stdin, stdout, stderr).ConfigureAwait(false);
            case "audit":
                return await AuditCommand.RunAsync(services, options, stdout, stderr).ConfigureAwait(false);
            case "recorrelate":
                if (!TryTime(options, "from", out var from) || !TryTime(options, "to", out var to) || to <= from)
                {
                    await stderr.WriteLineAsync("usage: recorrelate --from <ISO-8601> --to <ISO-8601> [--replay]  (to after from)").ConfigureAwait(false);
                    return 2;
                }

                var summary = await RecorrelateCommand.RunAsync(
                    services.GetRequiredService<Recorrelator>(),
                    services.GetRequiredService<Replayer>(),
                    from,
                    to,
                    options.ContainsKey("replay"),
                    CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(summary, Output)).ConfigureAwait(false);
                return 0;
            default:
                return await ImportCtiAsync(services, positional, options, stdout, stderr).ConfigureAwait(false);
        }
    }

    private static async Task<int> ImportCtiAsync(IServiceProvider services, List<string> positional, Dictionary<string, string?> options, TextWriter stdout, TextWriter stderr)
    {
        if (positional.Count != 1 || !File.Exists(positional[0]))
        {
            await stderr.WriteLineAsync("usage: import-cti <trace file> [--date YYYY-MM-DD] [--utc-offset-minutes N]").ConfigureAwait(false);
            return 2;
        }

        DateOnly? date = null;
        if (options.TryGetValue("date", out var dateText) && dateText is not null)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                await stderr.WriteLineAsync("--date must be YYYY-MM-DD").ConfigureAwait(false);
                return 2;
            }

            date = parsed;
        }

        var offset = options.TryGetValue("utc-offset-minutes", out var offsetText) && int.TryParse(offsetText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes) ? TimeSpan.FromMinutes(minutes) : TimeSpan.Zero;
        using var reader = File.OpenText(positional[0]);
        var legs = CtiTraceParser.ParseAll(reader, date, offset).ToList();
        var result = await services.GetRequiredService<CtiStore>().ImportAsync(legs, services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
        var recorrelated = await services.GetRequiredService<Recorrelator>().RunPendingAsync(services.GetRequiredService<CorrelationScheduler>()).ConfigureAwait(false);
        await stdout.WriteLineAsync(JsonSerializer.Serialize(new { pairingLines = result.Lines, pairs = result.Pairs, newPairs = result.NewPairs, matchingSegments = result.MatchingSegments, changedLinks = recorrelated.ChangedLinks }, Output)).ConfigureAwait(false);
        return 0;
    }

    private static bool TryTime(Dictionary<string, string?> options, string name, out DateTimeOffset value)
    {
        value = default;
        return options.TryGetValue(name, out var text) && text is not null
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
