using System.Text.Json;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
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
        app.MapGroup("/api/dialogs").WithTags("Calls").RequireAuthorization(AccessPolicies.Reader)
            .MapGet("/{id}", GetAsync);
        return app;
    }

    private static async Task<Results<Ok<DialogView>, NotFound>> GetAsync(string id, HttpRequest request, DialogDetailQuery query, IOptions<AccessOptions> access, CancellationToken cancellationToken)
    {
        var dialog = await query.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var scope = TeamScope.For(request.HttpContext.User, access.Value.IsOpen);
        if (dialog is null || !(scope.All || dialog.Legs.Any(l => scope.Allows(l.TeamId))))
        {
            return TypedResults.NotFound();
        }

        var baseUrl = request.BaseUrl();
        return TypedResults.Ok(new DialogView(
            dialog.DialogId,
            dialog.MediaType,
            dialog.State,
            dialog.CallType,
            dialog.FromAddress,
            dialog.ToAddress,
            dialog.DialedNumber,
            dialog.Dnis,
            dialog.QueueName,
            dialog.CallKey,
            CallVariables(dialog.CallVariables),
            dialog.SecondaryId,
            dialog.AssociatedDialogId,
            IsoTime.FromMs(dialog.FirstSeenMs),
            IsoTime.FromMs(dialog.LastSeenMs),
            dialog.Legs.Select(l => new DialogLegView(
                l.Extension,
                l.Username,
                string.Join(' ', new[] { l.FirstName, l.LastName }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } name ? name : null,
                l.TeamId,
                l.TeamName,
                l.CallType,
                IsoTime.FromMs(l.StartMs),
                IsoTime.FromMs(l.EndMs),
                IsoTime.FromMs(l.RemovedMs))),
            dialog.Participants.Select(p => new ParticipantStateView(p.MediaAddress, p.MediaAddressType, p.State, IsoTime.FromMs(p.StateChangeMs))),
            dialog.Segments.Select(d => new DialogSegmentView(
                d.Segment.RecordingId,
                d.Segment.SegmentIndex,
                d.Refci,
                d.Segment.AgentExtension,
                d.Segment.FarEndAddress,
                IsoTime.FromMs(d.Segment.StartMs),
                IsoTime.FromMs(d.Segment.EndMs),
                d.Segment.AudioSeconds,
                d.Segment.EndReason,
                SegmentJson.Flags(d.Segment.Flags),
                d.Segment.AudioFile is null ? null : AudioUrls.For(baseUrl, d.Segment.RecordingId, d.Segment.SegmentIndex),
                d.Links.Select(SegmentJson.Link),
                SegmentJson.Codecs(d.Segment.Codecs)))));
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
