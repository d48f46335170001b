using System.Globalization;
using System.Text.Json;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.Web.Audit;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/recordings/{id}</c> (metadata, segments, their links, legal hold), its audio with HTTP Range
/// (docs/contracts.md §4), and the legal hold API: <c>PUT</c>/<c>DELETE /api/recordings/{id}/legal-hold</c>,
/// <c>GET /api/legal-holds</c>. A reader limited to some teams gets 404 for a recording none of whose links names an
/// agent of those teams (at the segment's time), so its existence is not revealed, and sees only such holds. Every
/// playback and every hold placed or released is audited.
/// </summary>
public static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recordings").RequireAuthorization(AccessPolicies.Reader);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/audio", AudioAsync);
        app.MapPut("/api/recordings/{id}/legal-hold", PlaceHoldAsync).RequireAuthorization(AdminPolicy.Name).DisableAntiforgery();
        app.MapDelete("/api/recordings/{id}/legal-hold", ReleaseHoldAsync).RequireAuthorization(AdminPolicy.Name);
        app.MapGet("/api/legal-holds", ListHoldsAsync).RequireAuthorization(AccessPolicies.Reader);
        return app;
    }

    /// <summary>Whether the request's reader may see this recording at all.</summary>
    private static async Task<bool> VisibleAsync(HttpContext context, string id, TeamScopeQuery teams, CancellationToken cancellationToken)
    {
        var scope = ReaderScope.Of(context);
        return scope.All || await teams.RecordingInTeamsAsync(id, scope.TeamIds, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ListHoldsAsync(HttpContext context, LegalHoldStore holds, TeamScopeQuery teams, CancellationToken cancellationToken)
    {
        var visible = new List<object>();
        foreach (var hold in await holds.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await VisibleAsync(context, hold.RecordingId, teams, cancellationToken).ConfigureAwait(false))
            {
                visible.Add(new { recordingId = hold.RecordingId, reason = hold.Reason, placedBy = hold.PlacedBy, placedAt = IsoTime.FromMs(hold.PlacedMs) });
            }
        }

        return Results.Ok(visible);
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, RecordingStore recordings, LinkStore links, LegalHoldStore holds, TeamScopeQuery teams, CancellationToken cancellationToken)
    {
        var recording = await recordings.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (recording is null || !await VisibleAsync(request.HttpContext, id, teams, cancellationToken).ConfigureAwait(false))
        {
            return Results.NotFound();
        }

        var segments = await recordings.SegmentsOfAsync(id, cancellationToken).ConfigureAwait(false);
        var segmentLinks = await links.OfRecordingAsync(id, cancellationToken).ConfigureAwait(false);
        var hold = await holds.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var baseUrl = request.BaseUrl();
        return Results.Ok(new
        {
            recordingId = recording.RecordingId,
            source = recording.Source,
            agentExtension = recording.AgentExtension,
            farEndAddress = recording.FarEndAddress,
            refci = recording.Refci,
            xSessionId = recording.XSessionId,
            nearEndDevice = recording.NearEndDevice,
            start = IsoTime.FromMs(recording.StartMs),
            end = IsoTime.FromMs(recording.EndMs),
            legalHold = hold is null ? null : new { reason = hold.Reason, placedBy = hold.PlacedBy, placedAt = IsoTime.FromMs(hold.PlacedMs) },
            segments = segments.Select(s => new
            {
                segmentIndex = s.SegmentIndex,
                start = IsoTime.FromMs(s.StartMs),
                end = IsoTime.FromMs(s.EndMs),
                seconds = s.AudioSeconds,
                available = IsoTime.FromMs(s.AvailableMs),
                farEndAddress = s.FarEndAddress,
                endReason = s.EndReason,
                flags = SegmentJson.Flags(s.Flags),
                audioUrl = s.AudioFile is null ? null : AudioUrls.For(baseUrl, s.RecordingId, s.SegmentIndex),
                links = segmentLinks.Where(l => l.SegmentIndex == s.SegmentIndex).Select(SegmentJson.Link),
            }),
        });
    }

    private static async Task<IResult> AudioAsync(string id, HttpRequest request, RecordingStore recordings, TeamScopeQuery teams, PlaybackAudit playbacks, IOptions<RecordingOptions> options, CancellationToken cancellationToken)
    {
        var segmentText = request.Query["segment"].ToString();
        var segmentIndex = 1;
        if (segmentText.Length > 0 && !int.TryParse(segmentText, NumberStyles.None, CultureInfo.InvariantCulture, out segmentIndex))
        {
            return QueryTime.Invalid("segment", "must be a positive integer");
        }

        var segment = (await recordings.SegmentsOfAsync(id, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.SegmentIndex == segmentIndex);
        if (segment?.AudioFile is null)
        {
            return Results.NotFound();
        }

        var root = Path.GetFullPath(options.Value.Directory);
        var path = Path.GetFullPath(Path.Combine(root, segment.AudioFile));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path)
            || !await VisibleAsync(request.HttpContext, id, teams, cancellationToken).ConfigureAwait(false))
        {
            return Results.NotFound();
        }

        await playbacks.NoteAsync(request.HttpContext, id, segmentIndex, cancellationToken).ConfigureAwait(false);
        request.HttpContext.Response.Headers.CacheControl = "private, no-store";

        return Results.File(path, "audio/wav", $"{id}-{segmentIndex:D2}.wav", enableRangeProcessing: true);
    }

    private static async Task<IResult> PlaceHoldAsync(string id, HttpRequest request, LegalHoldStore holds, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        string? reason = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("reason", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    reason = value.GetString();
                }
            }
            catch (JsonException)
            {
                return QueryTime.Invalid("reason", "the body must be JSON: { \"reason\": \"...\" }");
            }
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return QueryTime.Invalid("reason", "is required (why the recording must be kept)");
        }

        var actor = Readers.Describe(request.HttpContext.User).Actor;
        var placed = await holds.PlaceAsync(id, reason.Trim(), actor, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (!placed)
        {
            return Results.NotFound();
        }

        await audit.WriteAsync(request.HttpContext, AuditActions.LegalHoldPlace, id, AuditOutcomes.Success, new { reason = reason.Trim() }, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> ReleaseHoldAsync(string id, HttpRequest request, LegalHoldStore holds, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var reason = request.Query["reason"].ToString();
        var actor = Readers.Describe(request.HttpContext.User).Actor;
        var released = await holds.ReleaseAsync(id, reason.Length > 0 ? reason : null, actor, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (!released)
        {
            return Results.NotFound();
        }

        await audit.WriteAsync(request.HttpContext, AuditActions.LegalHoldRelease, id, AuditOutcomes.Success, new { reason = reason.Length > 0 ? reason : null }, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }
}
