using System.Globalization;
using System.Runtime.CompilerServices;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Numbers;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Audit;
using CorrelationHub.Web.Export;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/calls</c> (paged with <c>offset</c> and <c>limit</c>), <c>GET /api/calls/export</c> (docs/contracts.md §4, §5) and
/// <c>GET /api/calls/count</c>; all take the same filters, <c>number</c> included (<see cref="CallNumberFilter"/>). A reader
/// limited to some teams gets the rows whose agent was in one of them at the row's time (the filter is part of the
/// query; the export still streams). Every export is audited when it starts and when it completes or is aborted, with
/// its format, filters and row count.
/// </summary>
public static class CallEndpoints
{
    /// <summary>Paging further than this is what the export is for.</summary>
    private const int MaxOffset = 1_000_000;

    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calls").WithTags("Calls").RequireAuthorization(AccessPolicies.Reader);
        group.MapGet("/", ListAsync);
        group.MapGet("/export", ExportAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/count", CountAsync);
        return app;
    }

    private static async Task<Results<Ok<List<Dictionary<string, object?>>>, ProblemHttpResult>> ListAsync(HttpRequest request, CallQuery query, IOptions<CorrelationOptions> correlation, CancellationToken cancellationToken)
    {
        if (!TryFilter(request, out var filter, out var problem) || !TryNumber(request, correlation.Value, ref filter, out var number, out problem))
        {
            return problem;
        }

        var limit = int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 10_000) : 1000;
        var offsetText = request.Query["offset"].ToString();
        var offset = 0;
        if (offsetText.Length > 0 && (!int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > MaxOffset))
        {
            return QueryTime.Invalid("offset", $"must be a whole number from 0 to {MaxOffset}");
        }

        var baseUrl = request.BaseUrl();
        var rows = new List<Dictionary<string, object?>>();
        var skipped = 0;
        await foreach (var record in Matching(query.StreamAsync(number is null ? filter with { Limit = offset + limit } : filter, cancellationToken), number, cancellationToken).ConfigureAwait(false))
        {
            if (skipped < offset)
            {
                skipped++;
                continue;
            }

            var values = CallRecordValues.Of(record, baseUrl);
            var row = new Dictionary<string, object?>(values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                row[CallColumns.Names[i]] = values[i];
            }

            rows.Add(row);
            if (rows.Count == limit)
            {
                break;
            }
        }

        return TypedResults.Ok(rows);
    }

    /// <summary><c>GET /api/calls/count</c>: how many rows the export of these filters has (the map's export progress).</summary>
    private static async Task<Results<Ok<CallCount>, ProblemHttpResult>> CountAsync(HttpRequest request, CallQuery query, IOptions<CorrelationOptions> correlation, CancellationToken cancellationToken)
    {
        if (!TryFilter(request, out var filter, out var problem) || !TryNumber(request, correlation.Value, ref filter, out var number, out problem))
        {
            return problem;
        }

        long count = 0;
        await foreach (var _ in Matching(query.StreamAsync(filter, cancellationToken), number, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return TypedResults.Ok(new CallCount(count));
    }

    /// <summary>The rows the number filter keeps (all without one), counted into <paramref name="count"/> as they pass.</summary>
    private static async IAsyncEnumerable<CallRecord> Matching(IAsyncEnumerable<CallRecord> records, CallNumberFilter? number, [EnumeratorCancellation] CancellationToken cancellationToken, RowCount? count = null)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (number is null || number.Matches(record))
            {
                count?.Add();
                yield return record;
            }
        }
    }

    /// <summary>Reads <c>number</c> (see <see cref="CallNumberFilter"/>) and puts its database pass into the filter.</summary>
    private static bool TryNumber(HttpRequest request, CorrelationOptions correlation, ref CallFilter filter, out CallNumberFilter? number, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        number = null;
        problem = null;
        var text = request.Query["number"].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var (read, error) = CallNumberFilter.Read(text, new PhoneNumberNormalizer(correlation.NumberPlan));
        if (read is null)
        {
            problem = QueryTime.Invalid("number", error!);
            return false;
        }

        number = read;
        filter = filter with { NumberPattern = read.Pattern };
        return true;
    }

    private static async Task ExportAsync(HttpContext context, CallQuery query, IOptions<CorrelationOptions> correlation, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!TryFilter(request, out var filter, out var problem) || !TryNumber(request, correlation.Value, ref filter, out var number, out problem))
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var format = request.Query["format"].ToString();
        format = string.IsNullOrEmpty(format) ? "csv" : format.ToLowerInvariant();
        if (format is not ("csv" or "ndjson"))
        {
            await QueryTime.Invalid("format", "must be csv or ndjson").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var filters = Described(filter, request.Query["number"].ToString() is { Length: > 0 } n ? n : null);
        await audit.WriteAsync(context, AuditActions.Export, null, AuditOutcomes.Started, new { format, filters }, cancellationToken).ConfigureAwait(false);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"correlationhub-calls-{stamp}.{format}\"";
        var rows = new RowCount();
        var baseUrl = request.BaseUrl();

        // Time slices are read two at a time (SlicedExport), so the row count is shared between them.
        IAsyncEnumerable<CallRecord> Rows(IAsyncEnumerable<CallRecord> records, CancellationToken token) => Matching(records, number, token, rows);
        SlicedExport.SliceWriter write = format == "csv"
            ? (output, records, first, token) => CallExportWriter.WriteCsvAsync(output, Rows(records, token), baseUrl, token, header: first)
            : (output, records, _, token) => CallExportWriter.WriteNdjsonAsync(output, Rows(records, token), baseUrl, token);
        var outcome = AuditOutcomes.Aborted;
        try
        {
            await SlicedExport.WriteAsync(context.Response.Body, query, filter, write, cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            outcome = AuditOutcomes.Completed;
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            outcome = AuditOutcomes.Failure;
            throw;
        }
        finally
        {
            await audit.WriteAsync(context, AuditActions.Export, null, outcome, new { format, filters, rows = rows.Value }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The filters as the audit log keeps them (times ISO-8601).</summary>
    private static Dictionary<string, string> Described(CallFilter filter, string? number)
    {
        var described = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                described[name] = value;
            }
        }

        Add("from", Live.IsoTime.FromMs(filter.FromMs));
        Add("to", Live.IsoTime.FromMs(filter.ToMs));
        Add("extension", filter.Extension);
        Add("username", filter.Username);
        Add("status", filter.Status);
        Add("dialog", filter.DialogId);
        Add("recording", filter.RecordingId);
        Add("number", number);
        return described;
    }

    private sealed class RowCount
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Add() => Interlocked.Increment(ref _value);
    }

    internal static bool TryFilter(HttpRequest request, out CallFilter filter, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProblemHttpResult? problem)
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
                problem = QueryTime.Invalid(name, "must be an ISO-8601 time");
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
            TeamIds = ReaderScope.Of(request.HttpContext).Filter,
        };
        if (filter.Status is not null && filter.Status is not ("matched" or "ambiguous" or "unmatched_recording" or "no_recording"))
        {
            problem = QueryTime.Invalid("status", "must be matched, ambiguous, unmatched_recording or no_recording");
            return false;
        }

        return true;
    }
}

/// <summary>The answer of <c>GET /api/calls/count</c>.</summary>
public sealed record CallCount(long Count);
