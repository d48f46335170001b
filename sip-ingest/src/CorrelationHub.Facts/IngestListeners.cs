namespace CorrelationHub.Facts;

/// <summary>The ingest's bound SIP listeners, <c>address:port</c>; null for a transport that is off.</summary>
public sealed record IngestListeners(string? Udp, string? Tcp, string? Tls);
