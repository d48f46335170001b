namespace CorrelationHub.Sip.Sdp;

/// <summary>
/// The codecs a recorder offers and accepts (<c>Media:Codecs</c>): a delayed offer lists them all in this order of
/// preference (docs/interop.md SD-6); an answer takes the first offered format that is one of them, keeping the
/// offerer's preference (RFC 3264 §6.1, docs/interop.md SD-5).
/// </summary>
public sealed class RecorderCodecs
{
    /// <summary>Opus's dynamic payload type in our own offers (RFC 7587 §7).</summary>
    public const int OpusPayloadType = 111;

    private static readonly Dictionary<string, (RtpMap Map, string? Fmtp)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PCMU"] = (new RtpMap(0, "PCMU", 8000), null),
        ["PCMA"] = (new RtpMap(8, "PCMA", 8000), null),
        ["G722"] = (new RtpMap(9, "G722", 8000), null),
        // RFC 4856 §2.1.9: Annex B (SID frames) is assumed unless annexb=no; we decode it either way.
        ["G729"] = (new RtpMap(18, "G729", 8000), null),
        // RFC 7587 §6.1: opus/48000/2 whatever is sent; in-band FEC welcome (we use it to rebuild lost packets).
        ["opus"] = (new RtpMap(OpusPayloadType, "opus", 48000, 2), "useinbandfec=1"),
    };

    private readonly Dictionary<string, string> _fmtp;

    private RecorderCodecs(IReadOnlyList<RtpMap> maps, Dictionary<string, string> fmtp)
    {
        Maps = maps;
        _fmtp = fmtp;
    }

    /// <summary>G.711 µ-law and A-law, then G.722: what every recorder build decodes.</summary>
    public static RecorderCodecs Default { get; } = From(["PCMU", "PCMA", "G722"], _ => true).Codecs!;

    /// <summary>Every codec name <see cref="From"/> knows, in the default preference order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["PCMU", "PCMA", "G722", "G729", "opus"];

    public IReadOnlyList<RtpMap> Maps { get; }

    /// <summary>
    /// The codecs named, in that order; a name this recorder cannot decode (<paramref name="decodable"/> false, e.g.
    /// G.729 without its library) is left out and reported in <c>Skipped</c>. An unknown name is an error naming it.
    /// </summary>
    public static (RecorderCodecs? Codecs, IReadOnlyList<string> Skipped, string? Error) From(IEnumerable<string> names, Func<string, bool> decodable)
    {
        var maps = new List<RtpMap>();
        var fmtp = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var skipped = new List<string>();
        foreach (var raw in names)
        {
            var name = raw.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (!Known.TryGetValue(name, out var known))
            {
                return (null, skipped, $"Media:Codecs: unknown codec '{name}' (known: {string.Join(", ", Names)})");
            }

            if (!decodable(known.Map.Encoding))
            {
                skipped.Add(known.Map.Encoding);
                continue;
            }

            if (maps.All(m => !m.Encoding.Equals(known.Map.Encoding, StringComparison.OrdinalIgnoreCase)))
            {
                maps.Add(known.Map);
                if (known.Fmtp is not null)
                {
                    fmtp[known.Map.Encoding] = known.Fmtp;
                }
            }
        }

        return maps.Count == 0
            ? (null, skipped, "Media:Codecs: no codec left to offer")
            : (new RecorderCodecs(maps, fmtp), skipped, null);
    }

    public bool Accepts(RtpMap map) => Rank(map) >= 0;

    /// <summary>The first offered format that is one of ours; null when none is.</summary>
    public RtpMap? Choose(IEnumerable<RtpMap> offered) => offered.FirstOrDefault(Accepts);

    /// <summary>The fmtp parameters we add to our own offer for this codec, if any.</summary>
    public string? FmtpOf(RtpMap map) => _fmtp.TryGetValue(map.Encoding, out var value) ? value : null;

    private int Rank(RtpMap map)
    {
        for (var i = 0; i < Maps.Count; i++)
        {
            if (Maps[i].Encoding.Equals(map.Encoding, StringComparison.OrdinalIgnoreCase) && Maps[i].ClockRate == map.ClockRate)
            {
                return i;
            }
        }

        return -1;
    }
}
