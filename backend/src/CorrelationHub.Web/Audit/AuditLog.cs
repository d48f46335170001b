using System.Text.Json;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Audit;

/// <summary>
/// Writes audit entries: the actor and how they authenticated (from the request's reader identity, or given), the
/// client address, the time, and details as JSON. Callers pass only what may be kept for years: never a password,
/// token, cookie or phone number.
/// </summary>
public sealed class AuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly AuditStore _store;
    private readonly TimeProvider _time;

    public AuditLog(AuditStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>An action of the request's reader (an account, a map token, an API key, or nobody under Open).</summary>
    public Task WriteAsync(HttpContext context, string action, string? target, string outcome, object? details, CancellationToken cancellationToken)
    {
        var (actor, via) = Readers.Describe(context.User);
        return WriteAsAsync(context, action, actor, target, via, outcome, details, cancellationToken);
    }

    /// <summary>An action of a named actor (sign-in before there is a session; the command line, with no request).</summary>
    public Task WriteAsAsync(HttpContext? context, string action, string? actor, string? target, string via, string outcome, object? details, CancellationToken cancellationToken) =>
        _store.AppendAsync(
            new AuditEntry
            {
                AtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                Actor = actor,
                Via = via,
                Action = action,
                Target = target,
                Outcome = outcome,
                Details = details is null ? null : JsonSerializer.Serialize(details, Json),
                Client = context?.Connection.RemoteIpAddress?.ToString(),
            },
            cancellationToken);
}
