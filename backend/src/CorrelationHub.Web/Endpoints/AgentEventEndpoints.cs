using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Web.Ingest;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>POST /api/agent-events</c>: the HTTP fallback for gadgets behind the Finesse proxy. One event or an array;
/// all are validated before any is stored, so a 400 (invalid) or 403 (another agent than the session's) means nothing
/// was applied. The problem's <c>field</c> starts with the index of the offending event in an array.
/// </summary>
public static class AgentEventEndpoints
{
    public static IEndpointRouteBuilder MapAgentEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/agent-events").WithTags("Gadget").RequireAuthorization(AccessPolicies.Gadget).DisableAntiforgery().RequireCors(FinesseCors.PolicyName)
            .MapPost("/", PostAsync)
            .Accepts<JsonElement>("application/json")
            .Produces<AgentEventAck>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> PostAsync(HttpRequest request, AgentEventProcessor processor, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Problem("$", $"body is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            var isArray = root.ValueKind == JsonValueKind.Array;
            var items = isArray ? root.EnumerateArray().ToList() : [root];
            var events = new List<AgentEvent>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var (agentEvent, error) = processor.Read(items[i]);
                if (error is not null)
                {
                    return Problem(isArray ? $"[{i}].{error.Field}" : error.Field, error.Message);
                }

                var refused = AgentSessionBinding.Check(request.HttpContext.User, agentEvent!);
                if (refused is not null)
                {
                    return Problem(isArray ? $"[{i}].{refused.Field}" : refused.Field, refused.Message, StatusCodes.Status403Forbidden, "Refused agent event");
                }

                events.Add(agentEvent!);
            }

            var acks = new List<AgentEventAck>(events.Count);
            foreach (var agentEvent in events)
            {
                acks.Add(await processor.ProcessAsync(agentEvent, cancellationToken).ConfigureAwait(false));
            }

            return isArray ? TypedResults.Json(acks, statusCode: StatusCodes.Status202Accepted) : TypedResults.Json(acks[0], statusCode: StatusCodes.Status202Accepted);
        }
    }

    private static ProblemHttpResult Problem(string field, string message, int status = StatusCodes.Status400BadRequest, string title = "Invalid agent event") => TypedResults.Problem(
        title: title,
        detail: $"{field}: {message}",
        statusCode: status,
        extensions: new Dictionary<string, object?> { ["field"] = field });
}
