using System.Globalization;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Export;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Endpoints;

/// <summary><c>GET /api/calls</c> and <c>GET /api/calls/export</c> (contracts §4, §5).</summary>
public static class CallEndpoints
{
    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calls").RequireAuthorization(AccessPolicies.Reader);
        group.MapGet("/", ListAsync);
        group.MapGet("/export", ExportAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, CallQuery query, CancellationToken cancellationToken)
    {
        if (!TryFilter(request, out var filter, out var problem))
        {
            return problem!;
        }

        var limit = int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 10_000) : 1000;
        var baseUrl = request.BaseUrl();
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var record in query.StreamAsync(filter with { Limit = limit }, cancellationToken).ConfigureAwait(false))
        {
            var values = CallRecordValues.Of(record, baseUrl);
            var row = new Dictionary<string, object?>(values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                row[CallColumns.Names[i]] = values[i];
            }

            rows.Add(row);
        }

        return Results.Ok(rows);
    }

    private static async Task ExportAsync(HttpContext context, CallQuery query, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!TryFilter(request, out var filter, out var problem))
        {
            await problem!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var format = request.Query["format"].ToString();
        format = string.IsNullOrEmpty(format) ? "csv" : format.ToLowerInvariant();
        if (format is not ("csv" or "ndjson"))
        {
            await Results.Problem(title: "Invalid query", detail: "format: must be csv or ndjson", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = "format" }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"correlationhub-calls-{stamp}.{format}\"";
        var baseUrl = request.BaseUrl();
        SlicedExport.SliceWriter write = format == "csv"
            ? (output, records, first, token) => CallExportWriter.WriteCsvAsync(output, records, baseUrl, token, header: first)
            : (output, records, _, token) => CallExportWriter.WriteNdjsonAsync(output, records, baseUrl, token);
        await SlicedExport.WriteAsync(context.Response.Body, query, filter, write, cancellationToken).ConfigureAwait(false);
    }

    internal static bool TryFilter(HttpRequest request, out CallFilter filter, out IResult? problem)
    {
        filter = new CallFilter();
        problem = null;
        long? from = null;
        long? to = null;
        foreach (var (name, assign) in new (string, Action<long>)[] { ("from", v => from = v), ("to", v => to = v) })
        {
            var text = request.Query[name].ToString();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                problem = Results.Problem(title: "Invalid query", detail: $"{name}: must be an ISO-8601 time", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = name });
                return false;
            }

            assign(time.ToUnixTimeMilliseconds());
        }

        static string? Text(HttpRequest r, string key) => r.Query[key].ToString() is { Length: > 0 } v ? v : null;
        filter = new CallFilter
        {
            FromMs = from,
            ToMs = to,
            Extension = Text(request, "extension"),
            Username = Text(request, "username"),
            Status = Text(request, "status"),
            DialogId = Text(request, "dialog"),
            RecordingId = Text(request, "recording"),
        };
        if (filter.Status is not null && filter.Status is not ("matched" or "ambiguous" or "unmatched_recording" or "no_recording"))
        {
            problem = Results.Problem(title: "Invalid query", detail: "status: must be matched, ambiguous, unmatched_recording or no_recording", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = "status" });
            return false;
        }

        return true;
    }
}
