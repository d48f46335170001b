using System.Globalization;
using System.Text.Json;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/audit?from=&amp;to=&amp;user=&amp;action=&amp;limit=</c> for administrators and API keys: entries in
/// [from, to) (default: the last 24 hours), oldest first, at most <c>limit</c> (default 1000, at most 10,000).
/// </summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 1000;
    public const int MaximumLimit = 10_000;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/audit").WithTags("Admin").RequireAuthorization(AdminPolicy.Name)
            .MapGet("/", ListAsync);
        return app;
    }

    /// <summary>An entry as the API and the command line show it (details as JSON, times ISO-8601 UTC).</summary>
    public static AuditEntryView View(AuditEntry entry) => new(
        entry.Id,
        IsoTime.FromMs(entry.AtMs),
        entry.Actor,
        entry.Via,
        entry.Action,
        entry.Target,
        entry.Outcome,
        entry.Details is null ? null : JsonDocument.Parse(entry.Details).RootElement.Clone(),
        entry.Client);

    private static async Task<Results<Ok<List<AuditEntryView>>, ProblemHttpResult>> ListAsync(HttpRequest request, AuditStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!QueryTime.TryRead(request, "from", now.AddDays(-1), out var from, out var problem) || !QueryTime.TryRead(request, "to", now.AddSeconds(1), out var to, out problem))
        {
            return problem;
        }

        if (to <= from)
        {
            return QueryTime.Invalid("to", "must be after from");
        }

        var limit = DefaultLimit;
        var limitText = request.Query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaximumLimit))
        {
            return QueryTime.Invalid("limit", $"must be a whole number from 1 to {MaximumLimit}");
        }

        var filter = new AuditFilter
        {
            FromMs = from.ToUnixTimeMilliseconds(),
            ToMs = to.ToUnixTimeMilliseconds(),
            Actor = request.Query["user"].ToString() is { Length: > 0 } user ? user : null,
            Action = request.Query["action"].ToString() is { Length: > 0 } action ? action : null,
            Limit = limit,
        };
        var entries = new List<AuditEntryView>();
        await foreach (var entry in store.QueryAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(View(entry));
        }

        return TypedResults.Ok(entries);
    }
}

/// <summary>An audit entry as the API and the command line show it (details as JSON, times ISO-8601 UTC).</summary>
public sealed record AuditEntryView(long Id, string? At, string? Actor, string Via, string Action, string? Target, string Outcome, JsonElement? Details, string? Client);
