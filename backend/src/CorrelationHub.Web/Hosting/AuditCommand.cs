using System.Globalization;
using System.Text.Json;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Audit;
using CorrelationHub.Web.Endpoints;

namespace CorrelationHub.Web.Hosting;

/// <summary>
/// <c>audit [--from ISO] [--to ISO] [--user U] [--action A] [--limit N]</c>: the audit log as NDJSON on stdout, one
/// entry per line, oldest first (default: the last 24 hours, no limit).
/// </summary>
public static class AuditCommand
{
    public const string Usage = "usage: audit [--from <ISO-8601>] [--to <ISO-8601>] [--user <actor>] [--action <action or family>] [--limit N]  (to after from)";

    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string?> options, TextWriter stdout, TextWriter stderr)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!TryTime(options, "from", now.AddDays(-1), out var from) || !TryTime(options, "to", now.AddSeconds(1), out var to) || to <= from)
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        int? limit = null;
        if (options.TryGetValue("limit", out var limitText))
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
                return 2;
            }

            limit = parsed;
        }

        var filter = new AuditFilter
        {
            FromMs = from.ToUnixTimeMilliseconds(),
            ToMs = to.ToUnixTimeMilliseconds(),
            Actor = options.TryGetValue("user", out var user) ? user : null,
            Action = options.TryGetValue("action", out var action) ? action : null,
            Limit = limit,
        };
        await foreach (var entry in services.GetRequiredService<AuditStore>().QueryAsync(filter).ConfigureAwait(false))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(AuditEndpoints.View(entry), Output)).ConfigureAwait(false);
        }

        return 0;
    }

    private static bool TryTime(IReadOnlyDictionary<string, string?> options, string name, DateTimeOffset fallback, out DateTimeOffset value)
    {
        value = fallback;
        return !options.TryGetValue(name, out var text)
            || (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value));
    }
}
