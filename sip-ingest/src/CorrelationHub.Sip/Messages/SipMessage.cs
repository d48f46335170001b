namespace CorrelationHub.Sip.Messages;

/// <summary>A SIP request or response: start line, headers and a raw body.</summary>
public abstract class SipMessage
{
    private Parsed<ViaHeader>? _topVia;
    private Parsed<CSeqHeader?>? _cseq;
    private Parsed<NameAddress>? _from;
    private Parsed<NameAddress>? _to;

    public SipHeaders Headers { get; } = new();

    public ReadOnlyMemory<byte> Body { get; set; } = ReadOnlyMemory<byte>.Empty;

    public string? CallId => Headers.Get(HeaderNames.CallId);

    public string? ContentType => Headers.Get(HeaderNames.ContentType);

    /// <summary>The top Via, parsed; null when absent or unparseable. Parsed once per version of the headers.</summary>
    public ViaHeader? TopVia => Cached(ref _topVia, h => h.GetList(HeaderNames.Via) is { Count: > 0 } vias && ViaHeader.TryParse(vias[0], out var via) ? via : null);

    public CSeqHeader? CSeq => Cached(ref _cseq, h => CSeqHeader.TryParse(h.Get(HeaderNames.CSeq), out var cseq) ? cseq : null);

    public NameAddress? From => Cached(ref _from, h => NameAddress.TryParse(h.Get(HeaderNames.From), out var from) ? from : null);

    public NameAddress? To => Cached(ref _to, h => NameAddress.TryParse(h.Get(HeaderNames.To), out var to) ? to : null);

    private T? Cached<T>(ref Parsed<T>? slot, Func<SipHeaders, T?> parse)
    {
        var current = slot;
        if (current is null || current.Version != Headers.Version)
        {
            current = new Parsed<T>(Headers.Version, parse(Headers));
            slot = current;
        }

        return current.Value;
    }

    private sealed record Parsed<T>(int Version, T? Value);
}
