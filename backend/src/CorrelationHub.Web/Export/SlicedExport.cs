using System.IO.Pipelines;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;

namespace CorrelationHub.Web.Export;

/// <summary>
/// Writes a whole export as consecutive time slices, two at a time: while one slice streams to the client, the
/// next is read and formatted on another core into a pipe. Each slice is the same query with a narrower time
/// range, and every row of a slice is later than every row of the one before, so the output is the same rows in
/// the same order as one pass. Memory stays bounded: no slice starts more than one ahead of the one streaming,
/// and a pipe holds at most about <see cref="PipeBytes"/> (a slice denser than that waits its turn).
/// </summary>
public static class SlicedExport
{
    /// <summary>Bytes a slice formats ahead of its turn before it waits.</summary>
    public const long PipeBytes = 4 * 1024 * 1024;

    private const int Slices = 1024;

    private static readonly long MinimumSliceMs = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;

    public delegate Task SliceWriter(Stream output, IAsyncEnumerable<CallRecord> records, bool first, CancellationToken cancellationToken);

    public static async Task WriteAsync(Stream output, CallQuery query, CallFilter filter, SliceWriter write, CancellationToken cancellationToken)
    {
        var slices = await SlicesAsync(query, filter, cancellationToken).ConfigureAwait(false);
        var workers = Math.Min(2, Environment.ProcessorCount);
        if (slices.Count <= 1 || workers < 2)
        {
            await write(output, query.StreamAsync(filter, cancellationToken), true, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pipes = slices.Select(_ => new Pipe(new PipeOptions(pauseWriterThreshold: PipeBytes, resumeWriterThreshold: PipeBytes / 2, useSynchronizationContext: false))).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var ahead = new SemaphoreSlim(workers);
        var next = -1;
        async Task WorkAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                // A turn per slice: the streaming one and the next (released as each is written out).
                try
                {
                    await ahead.WaitAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var i = Interlocked.Increment(ref next);
                if (i >= slices.Count)
                {
                    return;
                }

                var writer = pipes[i].Writer;
                try
                {
                    await using (var stream = writer.AsStream(leaveOpen: true))
                    {
                        await write(stream, query.StreamAsync(slices[i], stop.Token), i == 0, stop.Token).ConfigureAwait(false);
                    }

                    await writer.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    await writer.CompleteAsync(ex).ConfigureAwait(false);
                }
            }
        }

        var running = Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        try
        {
            foreach (var pipe in pipes)
            {
                // A slice that failed completes its pipe with the failure, which ends the export here.
                await pipe.Reader.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                await pipe.Reader.CompleteAsync().ConfigureAwait(false);
                ahead.Release();
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pipe in pipes)
            {
                // Unblocks a worker waiting for room in a slice nobody will read now.
                await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>The filter cut into consecutive time ranges covering every row it can match (one when small).</summary>
    internal static async Task<IReadOnlyList<CallFilter>> SlicesAsync(CallQuery query, CallFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Limit is not null || filter.RecordingId is not null || filter.DialogId is not null || await query.RowTimeBoundsAsync(cancellationToken).ConfigureAwait(false) is not { } bounds)
        {
            return [filter];
        }

        var from = Math.Max(filter.FromMs ?? long.MinValue, bounds.FromMs);
        var to = Math.Min(filter.ToMs ?? long.MaxValue, bounds.ToMs + 1);
        if (to - from < 2 * MinimumSliceMs)
        {
            return [filter];
        }

        var width = Math.Max(MinimumSliceMs, (to - from + Slices - 1) / Slices);
        var slices = new List<CallFilter>();
        for (var start = from; start < to; start += width)
        {
            slices.Add(filter with
            {
                FromMs = slices.Count == 0 ? filter.FromMs : start,
                ToMs = start + width >= to ? filter.ToMs : start + width,
            });
        }

        return slices;
    }
}
