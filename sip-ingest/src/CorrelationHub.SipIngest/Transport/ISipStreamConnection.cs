namespace CorrelationHub.SipIngest.Transport;

/// <summary>An open TCP or TLS connection that messages can be written to.</summary>
public interface ISipStreamConnection
{
    long Id { get; }

    ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
