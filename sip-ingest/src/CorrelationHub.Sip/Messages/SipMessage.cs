namespace CorrelationHub.Sip.Messages;

/// <summary>A SIP request or response: start line, headers and a raw body.</summary>
public abstract class SipMessage
{
    public SipHeaders Headers { get; } = new();

    public ReadOnlyMemory<byte> Body { get; set; } = ReadOnlyMemory<byte>.Empty;

    public string? CallId => Headers.Get(HeaderNames.CallId);

    public string? ContentType => Headers.Get(HeaderNames.ContentType);

    /// <summary>The top Via, parsed; null when absent or unparseable.</summary>
    public ViaHeader? TopVia => Headers.GetList(HeaderNames.Via) is { Count: > 0 } vias && ViaHeader.TryParse(vias[0], out var via) ? via : null;

    public CSeqHeader? CSeq => CSeqHeader.TryParse(Headers.Get(HeaderNames.CSeq), out var cseq) ? cseq : null;

    public NameAddress? From => NameAddress.TryParse(Headers.Get(HeaderNames.From), out var from) ? from : null;

    public NameAddress? To => NameAddress.TryParse(Headers.Get(HeaderNames.To), out var to) ? to : null;
}
