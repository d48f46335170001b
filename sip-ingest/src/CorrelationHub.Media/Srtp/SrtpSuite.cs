namespace CorrelationHub.Media.Srtp;

/// <summary>
/// An SRTP crypto suite as named in SDES (RFC 4568 §6.2, RFC 6188 §7.1, RFC 7714 §14.1): cipher key and salt
/// lengths and the authentication tag lengths for SRTP and SRTCP. The _32 suites shorten only the SRTP tag; SRTCP
/// keeps 80 bits (RFC 4568 §6.2.2).
/// </summary>
public sealed record SrtpSuite(string Name, int KeyLength, int SaltLength, int RtpTagLength, int RtcpTagLength, bool IsAead)
{
    public static readonly SrtpSuite AesCm128HmacSha1_80 = new("AES_CM_128_HMAC_SHA1_80", 16, 14, 10, 10, false);
    public static readonly SrtpSuite AesCm128HmacSha1_32 = new("AES_CM_128_HMAC_SHA1_32", 16, 14, 4, 10, false);
    public static readonly SrtpSuite Aes256CmHmacSha1_80 = new("AES_256_CM_HMAC_SHA1_80", 32, 14, 10, 10, false);
    public static readonly SrtpSuite Aes256CmHmacSha1_32 = new("AES_256_CM_HMAC_SHA1_32", 32, 14, 4, 10, false);
    public static readonly SrtpSuite AeadAes128Gcm = new("AEAD_AES_128_GCM", 16, 12, 16, 16, true);
    public static readonly SrtpSuite AeadAes256Gcm = new("AEAD_AES_256_GCM", 32, 12, 16, 16, true);

    /// <summary>Every suite we can decrypt, strongest first (the order we offer them in).</summary>
    public static IReadOnlyList<SrtpSuite> All { get; } =
    [
        AeadAes256Gcm, AeadAes128Gcm, Aes256CmHmacSha1_80, Aes256CmHmacSha1_32, AesCm128HmacSha1_80, AesCm128HmacSha1_32,
    ];

    /// <summary>Master key plus master salt, as carried base64 in <c>inline:</c>.</summary>
    public int KeyMaterialLength => KeyLength + SaltLength;

    /// <summary>HMAC-SHA1 key length for the CM suites (RFC 3711 §8.2: n_a = 160 bits).</summary>
    public const int AuthKeyLength = 20;

    public static SrtpSuite? Find(string name)
    {
        foreach (var suite in All)
        {
            if (suite.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return suite;
            }
        }

        return null;
    }
}
