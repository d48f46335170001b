namespace CorrelationHub.Media.Srtp;

/// <summary>
/// One master key and salt from an <c>inline:</c> key parameter (RFC 4568 §6.1), with its MKI (the bytes that name
/// it in each packet, RFC 3711 §3.1) and its lifetime in packets (RFC 3711 §9.2, default 2^48 for SRTP).
/// </summary>
public sealed class SrtpMasterKey
{
    public SrtpMasterKey(byte[] key, byte[] salt, byte[]? mki = null, ulong? lifetime = null)
    {
        Key = key;
        Salt = salt;
        Mki = mki ?? [];
        Lifetime = lifetime ?? (1UL << 48);
    }

    public byte[] Key { get; }

    public byte[] Salt { get; }

    public byte[] Mki { get; }

    public ulong Lifetime { get; }

    /// <summary>Splits <c>key‖salt</c> as the suite defines it.</summary>
    public static SrtpMasterKey FromKeyMaterial(SrtpSuite suite, ReadOnlySpan<byte> material, byte[]? mki = null, ulong? lifetime = null)
    {
        if (material.Length != suite.KeyMaterialLength)
        {
            throw new ArgumentException($"{suite.Name} needs {suite.KeyMaterialLength} bytes of key and salt, got {material.Length}.", nameof(material));
        }

        return new SrtpMasterKey(material[..suite.KeyLength].ToArray(), material[suite.KeyLength..].ToArray(), mki, lifetime);
    }
}
