using System.Globalization;
using System.Text.Json;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Facts;
using CorrelationHub.Web.Audit;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/recordings/{id}</c> (metadata, segments, their links, legal hold), its audio with HTTP Range
/// (docs/contracts.md §4) read through <see cref="IRecordingFileStore"/>, and placing or releasing a legal hold:
/// <c>PUT</c>/<c>DELETE /api/recordings/{id}/legal-hold</c> (holds in force: <see cref="LegalHoldEndpoints"/>). A
/// reader limited to some teams gets 404 for a recording none of whose links names an agent of those teams (at the
/// segment's time), so its existence is not revealed. Every playback and every hold placed or released is audited.
/// </summary>
public static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recordings").WithTags("Recordings");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(AccessPolicies.Reader);
        group.MapGet("/{id}/audio", AudioAsync).RequireAuthorization(AccessPolicies.Reader);
        group.MapPut("/{id}/legal-hold", PlaceHoldAsync).RequireAuthorization(AdminPolicy.Name).DisableAntiforgery();
        group.MapDelete("/{id}/legal-hold", ReleaseHoldAsync).RequireAuthorization(AdminPolicy.Name);
        return app;
    }

    /// <summary>Whether the request's reader may see this recording at all.</summary>
    internal static async Task<bool> VisibleAsync(HttpContext context, string id, TeamScopeQuery teams, CancellationToken cancellationToken)
    {
        var scope = ReaderScope.Of(context);
        return scope.All || await teams.RecordingInTeamsAsync(id, scope.TeamIds, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<RecordingView>, NotFound>> GetAsync(string id, HttpRequest request, RecordingStore recordings, LinkStore links, LegalHoldStore holds, TeamScopeQuery teams, CancellationToken cancellationToken)
    {
        var recording = await recordings.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (recording is null || !await VisibleAsync(request.HttpContext, id, teams, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        var segments = await recordings.SegmentsOfAsync(id, cancellationToken).ConfigureAwait(false);
        var segmentLinks = await links.OfRecordingAsync(id, cancellationToken).ConfigureAwait(false);
        var hold = await holds.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var baseUrl = request.BaseUrl();
        return TypedResults.Ok(new RecordingView(
            recording.RecordingId,
            recording.Source,
            recording.AgentExtension,
            recording.FarEndAddress,
            recording.Refci,
            recording.XSessionId,
            recording.NearEndDevice,
            IsoTime.FromMs(recording.StartMs),
            IsoTime.FromMs(recording.EndMs),
            hold is null ? null : new RecordingHoldView(hold.Reason, hold.PlacedBy, IsoTime.FromMs(hold.PlacedMs)),
            segments.Select(s => new RecordingSegmentView(
                s.SegmentIndex,
                IsoTime.FromMs(s.StartMs),
                IsoTime.FromMs(s.EndMs),
                s.AudioSeconds,
                IsoTime.FromMs(s.AvailableMs),
                s.FarEndAddress,
                s.EndReason,
                SegmentJson.Flags(s.Flags),
                s.AudioFile is null ? null : AudioUrls.For(baseUrl, s.RecordingId, s.SegmentIndex),
                segmentLinks.Where(l => l.SegmentIndex == s.SegmentIndex).Select(SegmentJson.Link),
                SegmentJson.Codecs(s.Codecs)))));
    }

    private static async Task<Results<FileStreamHttpResult, NotFound, ProblemHttpResult>> AudioAsync(string id, HttpRequest request, RecordingStore recordings, TeamScopeQuery teams, PlaybackAudit playbacks, IRecordingFileStore files, CancellationToken cancellationToken)
    {
        var segmentText = request.Query["segment"].ToString();
        var segmentIndex = 1;
        if (segmentText.Length > 0 && !int.TryParse(segmentText, NumberStyles.None, CultureInfo.InvariantCulture, out segmentIndex))
        {
            return QueryTime.Invalid("segment", "must be a positive integer");
        }

        var segment = (await recordings.SegmentsOfAsync(id, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.SegmentIndex == segmentIndex);
        if (segment?.AudioFile is null || !await VisibleAsync(request.HttpContext, id, teams, cancellationToken).ConfigureAwait(false)
            || files.OpenRead(segment.AudioFile) is not { } audio)
        {
            return TypedResults.NotFound();
        }

        try
        {
            await playbacks.NoteAsync(request.HttpContext, id, segmentIndex, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await audio.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(audio, "audio/wav", $"{id}-{segmentIndex:D2}.wav", enableRangeProcessing: true);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> PlaceHoldAsync(string id, HttpRequest request, LegalHoldStore holds, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
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
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(request.HttpContext, AuditActions.LegalHoldPlace, id, AuditOutcomes.Success, new { reason = reason.Trim() }, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> ReleaseHoldAsync(string id, HttpRequest request, LegalHoldStore holds, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var reason = request.Query["reason"].ToString();
        var actor = Readers.Describe(request.HttpContext.User).Actor;
        var released = await holds.ReleaseAsync(id, reason.Length > 0 ? reason : null, actor, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (!released)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(request.HttpContext, AuditActions.LegalHoldRelease, id, AuditOutcomes.Success, new { reason = reason.Length > 0 ? reason : null }, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
