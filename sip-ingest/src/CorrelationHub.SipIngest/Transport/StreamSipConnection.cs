using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using CorrelationHub.Sip.Framing;
using CorrelationHub.SipIngest.Logging;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>
/// One TCP or TLS connection: reads with a pipe, frames by Content-Length (several messages per read, one
/// message across reads, CRLF keep-alives), hands each message on, and serialises writes.
/// </summary>
public sealed class StreamSipConnection : ISipStreamConnection, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SipPeer _peer;
    private readonly ISipMessageHandler _handler;
    private readonly SipCounters _counters;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public StreamSipConnection(long id, Stream stream, SipTransportKind transport, IPEndPoint remote, IPEndPoint local, ISipMessageHandler handler, SipCounters counters, ILogger logger)
    {
        Id = id;
        _stream = stream;
        _peer = new SipPeer(transport, remote, local, id);
        _handler = handler;
        _counters = counters;
        _logger = logger;
    }

    public long Id { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (true)
                    {
                        var frame = StreamFramer.TryFrame(buffer);
                        if (frame.Status == StreamFrameStatus.Invalid)
                        {
                            _counters.MalformedDropped.Add(1);
                            SipLog.StreamFramingFailed(_logger, _peer.TransportToken, frame.Error ?? "invalid");
                            return;
                        }

                        buffer = buffer.Slice(frame.SkippedBytes);
                        if (frame.Status == StreamFrameStatus.NeedMoreData)
                        {
                            break;
                        }

                        // The handler parses (and copies what it keeps) before it returns, and the pipe's memory stays
                        // ours until AdvanceTo below, so a message in one segment is handed over without a copy.
                        var slice = buffer.Slice(0, frame.MessageLength);
                        ReadOnlyMemory<byte> message = slice.IsSingleSegment ? slice.First : slice.ToArray();
                        buffer = buffer.Slice(frame.MessageLength);
                        try
                        {
                            await _handler.HandleAsync(message, _peer, isDatagram: false, cancellationToken).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            return;
                        }
                        catch (Exception ex)
                        {
                            _counters.HandlerFailures.Add(1);
                            SipLog.HandlerFailed(_logger, _peer.TransportToken, ex);
                        }
                    }

                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // Peer reset the connection.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }
}
