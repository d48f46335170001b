using System.Text.Json;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/dialogs/{id}</c>: one dialog for the map's call detail — properties, each agent's leg, the participant
/// state timeline, and every segment linked to it with all of that segment's links (the evidence: status,
/// confidence, the engine's account in <c>reason</c>). Limited to the reader's teams: a dialog none of whose agents
/// is in them answers 404, as one that does not exist.
/// </summary>
public static class DialogEndpoints
{
    public static IEndpointRouteBuilder MapDialogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dialogs/{id}", GetAsync).RequireAuthorization(AccessPolicies.Reader);
        return app;
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, DialogDetailQuery query, IOptions<AccessOptions> access, CancellationToken cancellationToken)
    {
        var dialog = await query.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var scope = TeamScope.For(request.HttpContext.User, access.Value.IsOpen);
        if (dialog is null || !(scope.All || dialog.Legs.Any(l => scope.Allows(l.TeamId))))
        {
            return Results.NotFound();
        }

        var baseUrl = request.BaseUrl();
        return Results.Ok(new
        {
            dialogId = dialog.DialogId,
            mediaType = dialog.MediaType,
            state = dialog.State,
            callType = dialog.CallType,
            fromAddress = dialog.FromAddress,
            toAddress = dialog.ToAddress,
            dialedNumber = dialog.DialedNumber,
            dnis = dialog.Dnis,
            queueName = dialog.QueueName,
            callKey = dialog.CallKey,
            callVariables = CallVariables(dialog.CallVariables),
            secondaryId = dialog.SecondaryId,
            associatedDialogId = dialog.AssociatedDialogId,
            firstSeen = IsoTime.FromMs(dialog.FirstSeenMs),
            lastSeen = IsoTime.FromMs(dialog.LastSeenMs),
            legs = dialog.Legs.Select(l => new
            {
                extension = l.Extension,
                username = l.Username,
                agentName = string.Join(' ', new[] { l.FirstName, l.LastName }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } name ? name : null,
                teamId = l.TeamId,
                teamName = l.TeamName,
                callType = l.CallType,
                start = IsoTime.FromMs(l.StartMs),
                end = IsoTime.FromMs(l.EndMs),
                removed = IsoTime.FromMs(l.RemovedMs),
            }),
            participants = dialog.Participants.Select(p => new { mediaAddress = p.MediaAddress, mediaAddressType = p.MediaAddressType, state = p.State, at = IsoTime.FromMs(p.StateChangeMs) }),
            segments = dialog.Segments.Select(d => new
            {
                recordingId = d.Segment.RecordingId,
                segmentIndex = d.Segment.SegmentIndex,
                refci = d.Refci,
                extension = d.Segment.AgentExtension,
                farEndAddress = d.Segment.FarEndAddress,
                start = IsoTime.FromMs(d.Segment.StartMs),
                end = IsoTime.FromMs(d.Segment.EndMs),
                seconds = d.Segment.AudioSeconds,
                endReason = d.Segment.EndReason,
                flags = SegmentJson.Flags(d.Segment.Flags),
                audioUrl = d.Segment.AudioFile is null ? null : AudioUrls.For(baseUrl, d.Segment.RecordingId, d.Segment.SegmentIndex),
                links = d.Links.Select(SegmentJson.Link),
            }),
        });
    }

    private static JsonElement? CallVariables(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
