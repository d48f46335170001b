namespace CorrelationHub.Media.Codecs;

/// <summary>The codecs the recorder decodes, by RTP encoding name (RFC 3551 §6, RFC 7587).</summary>
public static class AudioDecoders
{
    /// <summary>G.729 only while Debian's libbcg729 can be loaded (<see cref="Bcg729"/>).</summary>
    public static bool CanDecode(string encoding) => NativeRate(encoding) is not null;

    /// <summary>
    /// The codec's audio sample rate: 8 kHz for G.711 and G.729, 16 kHz for G.722 (whose RTP clock is still 8000, RFC
    /// 3551 §4.5.2), 48 kHz for Opus (the segment stores it at <c>Recording:OpusSampleRate</c>).
    /// </summary>
    public static int? NativeRate(string encoding) => encoding.ToUpperInvariant() switch
    {
        "PCMU" or "PCMA" => 8000,
        "G729" when Bcg729.IsAvailable => 8000,
        "G722" => 16000,
        "OPUS" => 48000,
        _ => null,
    };

    /// <summary>A decoder to <paramref name="outputRate"/> (8, 16 or 48 kHz): narrowband codecs are interpolated up.</summary>
    public static IAudioDecoder Create(string encoding, int outputRate) => (encoding.ToUpperInvariant(), outputRate) switch
    {
        ("PCMU", 48000) => new UpsamplingDecoder(new G711Decoder(muLaw: true), 6),
        ("PCMA", 48000) => new UpsamplingDecoder(new G711Decoder(muLaw: false), 6),
        ("G722", 48000) => new UpsamplingDecoder(new G722Decoder(), 3),
        ("G729", 48000) => new UpsamplingDecoder(new G729Decoder(), 6),
        ("G729", 16000) => new UpsamplingDecoder(new G729Decoder(), 2),
        ("PCMU", _) => new G711Decoder(muLaw: true, outputRate),
        ("PCMA", _) => new G711Decoder(muLaw: false, outputRate),
        ("G722", _) => new G722Decoder(outputRate),
        ("G729", _) => new G729Decoder(),
        ("OPUS", _) => new OpusAudioDecoder(outputRate),
        _ => throw new NotSupportedException($"no decoder for {encoding}"),
    };
}
