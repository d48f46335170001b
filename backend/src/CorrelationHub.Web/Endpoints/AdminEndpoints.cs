using System.Globalization;
using CorrelationHub.Correlation.Cti;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// Admin actions: <c>POST /api/admin/recorrelate?from=&amp;to=[&amp;replay=true]</c> rebuilds the links of every
/// recording segment that started in the range from stored state (with <c>replay</c>, stored facts are applied
/// again first); <c>POST /api/admin/cti-trace?date=YYYY-MM-DD[&amp;utcOffsetMinutes=N]</c> imports CUCM SDL trace
/// lines (the body, text) pairing call legs with dialogs.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminPolicy.Name).DisableAntiforgery();
        group.MapPost("/recorrelate", RecorrelateAsync);
        group.MapPost("/cti-trace", ImportCtiAsync);
        return app;
    }

    private static async Task<Results<Ok<RecorrelateCommand.Summary>, ProblemHttpResult>> RecorrelateAsync(HttpRequest request, Recorrelator recorrelator, Replayer replayer, CancellationToken cancellationToken)
    {
        if (!QueryTime.TryRead(request, "from", DateTimeOffset.MinValue, out var from, out var problem) || !QueryTime.TryRead(request, "to", DateTimeOffset.MinValue, out var to, out problem))
        {
            return problem;
        }

        if (from == DateTimeOffset.MinValue || to == DateTimeOffset.MinValue)
        {
            return QueryTime.Invalid(from == DateTimeOffset.MinValue ? "from" : "to", "is required (ISO-8601)");
        }

        if (to <= from)
        {
            return QueryTime.Invalid("to", "must be after from");
        }

        var replay = request.Query["replay"].ToString() is "true" or "1";
        var result = await RecorrelateCommand.RunAsync(recorrelator, replayer, from, to, replay, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<CtiImportView>, ProblemHttpResult>> ImportCtiAsync(HttpRequest request, CtiStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        DateOnly? date = null;
        var dateText = request.Query["date"].ToString();
        if (dateText.Length > 0)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return QueryTime.Invalid("date", "must be YYYY-MM-DD");
            }

            date = parsed;
        }

        var offset = TimeSpan.Zero;
        var offsetText = request.Query["utcOffsetMinutes"].ToString();
        if (offsetText.Length > 0)
        {
            if (!int.TryParse(offsetText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes) || Math.Abs(minutes) > 14 * 60)
            {
                return QueryTime.Invalid("utcOffsetMinutes", "must be minutes between -840 and 840");
            }

            offset = TimeSpan.FromMinutes(minutes);
        }

        var legs = new List<CtiCallLeg>();
        using (var reader = new StreamReader(request.Body))
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (CtiTraceParser.Parse(line, date, offset) is { } leg)
                {
                    legs.Add(leg);
                }
            }
        }

        var result = await store.ImportAsync(legs, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new CtiImportView(result.Lines, result.Pairs, result.NewPairs, result.MatchingSegments));
    }
}

/// <summary>The answer of <c>POST /api/admin/cti-trace</c>: trace lines that paired legs, pairs found, new ones, segments they match.</summary>
public sealed record CtiImportView(int PairingLines, int Pairs, int NewPairs, int MatchingSegments);
