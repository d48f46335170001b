namespace CorrelationHub.Media.Codecs;

/// <summary>The codecs the recorder decodes, by RTP encoding name (RFC 3551 §6).</summary>
public static class AudioDecoders
{
    public static bool CanDecode(string encoding) => NativeRate(encoding) is not null;

    /// <summary>The codec's audio sample rate: 8 kHz for G.711, 16 kHz for G.722 (whose RTP clock is still 8000, RFC 3551 §4.5.2).</summary>
    public static int? NativeRate(string encoding) => encoding.ToUpperInvariant() switch
    {
        "PCMU" or "PCMA" => 8000,
        "G722" => 16000,
        _ => null,
    };

    public static IAudioDecoder Create(string encoding, int outputRate) => encoding.ToUpperInvariant() switch
    {
        "PCMU" => new G711Decoder(muLaw: true, outputRate),
        "PCMA" => new G711Decoder(muLaw: false, outputRate),
        "G722" => new G722Decoder(outputRate),
        _ => throw new NotSupportedException($"no decoder for {encoding}"),
    };
}
