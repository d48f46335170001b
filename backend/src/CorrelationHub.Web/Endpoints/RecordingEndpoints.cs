using System.Globalization;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Endpoints;

/// <summary><c>GET /api/recordings/{id}</c> and its audio with HTTP Range (contracts §4).</summary>
public static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recordings").RequireAuthorization(AccessPolicies.Reader);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/audio", AudioAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, RecordingStore recordings, CancellationToken cancellationToken)
    {
        var recording = await recordings.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (recording is null)
        {
            return Results.NotFound();
        }

        var segments = await recordings.SegmentsOfAsync(id, cancellationToken).ConfigureAwait(false);
        var baseUrl = request.BaseUrl();
        return Results.Ok(new
        {
            recordingId = recording.RecordingId,
            source = recording.Source,
            agentExtension = recording.AgentExtension,
            farEndAddress = recording.FarEndAddress,
            refci = recording.Refci,
            xSessionId = recording.XSessionId,
            start = IsoTime.FromMs(recording.StartMs),
            end = IsoTime.FromMs(recording.EndMs),
            segments = segments.Select(s => new
            {
                segmentIndex = s.SegmentIndex,
                start = IsoTime.FromMs(s.StartMs),
                end = IsoTime.FromMs(s.EndMs),
                seconds = s.AudioSeconds,
                farEndAddress = s.FarEndAddress,
                endReason = s.EndReason,
                flags = string.IsNullOrEmpty(s.Flags) ? Array.Empty<string>() : s.Flags.Split(','),
                audioUrl = s.AudioFile is null ? null : AudioUrls.For(baseUrl, s.RecordingId, s.SegmentIndex),
            }),
        });
    }

    private static async Task<IResult> AudioAsync(string id, HttpRequest request, RecordingStore recordings, IOptions<RecordingOptions> options, CancellationToken cancellationToken)
    {
        var segmentText = request.Query["segment"].ToString();
        var segmentIndex = 1;
        if (segmentText.Length > 0 && !int.TryParse(segmentText, NumberStyles.None, CultureInfo.InvariantCulture, out segmentIndex))
        {
            return Results.Problem(title: "Invalid query", detail: "segment: must be a positive integer", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = "segment" });
        }

        var segment = (await recordings.SegmentsOfAsync(id, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.SegmentIndex == segmentIndex);
        if (segment?.AudioFile is null)
        {
            return Results.NotFound();
        }

        var root = Path.GetFullPath(options.Value.Directory);
        var path = Path.GetFullPath(Path.Combine(root, segment.AudioFile));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return Results.NotFound();
        }

        return Results.File(path, "audio/wav", $"{id}-{segmentIndex:D2}.wav", enableRangeProcessing: true);
    }
}
