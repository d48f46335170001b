using System.Security.Cryptography;

namespace CorrelationHub.Sip.Sdp;

/// <summary>
/// The SDES crypto suites the recorder decrypts, strongest first, with their key‖salt lengths (RFC 4568 §6.2,
/// RFC 6188 §7.1, RFC 7714 §14.1). The media library implements exactly these.
/// </summary>
public static class SdesSuites
{
    public static IReadOnlyList<(string Name, int KeyMaterialLength)> Supported { get; } =
    [
        ("AEAD_AES_256_GCM", 44),
        ("AEAD_AES_128_GCM", 28),
        ("AES_256_CM_HMAC_SHA1_80", 46),
        ("AES_256_CM_HMAC_SHA1_32", 46),
        ("AES_CM_128_HMAC_SHA1_80", 30),
        ("AES_CM_128_HMAC_SHA1_32", 30),
    ];

    public static int? KeyMaterialLength(string suite)
    {
        foreach (var (name, length) in Supported)
        {
            if (name.Equals(suite, StringComparison.OrdinalIgnoreCase))
            {
                return length;
            }
        }

        return null;
    }

    public static bool IsAead(string suite) => suite.StartsWith("AEAD_", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when we can decrypt what this line describes: a known suite, every key of the right length, one MKI length
    /// for all keys, key derivation rate 0, and no "unencrypted/unauthenticated" switch on a GCM suite.
    /// </summary>
    public static bool IsUsable(SdesCrypto crypto)
    {
        if (KeyMaterialLength(crypto.Suite) is not { } length || crypto.Keys.Count == 0 || crypto.KeyDerivationRate != 0)
        {
            return false;
        }

        if (IsAead(crypto.Suite) && (crypto.UnencryptedSrtp || crypto.UnauthenticatedSrtp))
        {
            return false;
        }

        var mkiLength = crypto.Keys[0].MkiLength;
        return crypto.Keys.All(k => k.KeyMaterial.Length == length && k.MkiLength == mkiLength) && (crypto.Keys.Count == 1 || mkiLength > 0);
    }

    /// <summary>Our own line for <paramref name="suite"/>: a fresh key from the platform's CSPRNG, no MKI.</summary>
    public static SdesCrypto CreateLocal(int tag, string suite, IReadOnlyList<string>? sessionParameters = null)
    {
        var length = KeyMaterialLength(suite) ?? throw new ArgumentException($"unsupported suite {suite}", nameof(suite));
        return new SdesCrypto(tag, suite, [new SdesKeyParam(RandomNumberGenerator.GetBytes(length))], sessionParameters ?? []);
    }
}
