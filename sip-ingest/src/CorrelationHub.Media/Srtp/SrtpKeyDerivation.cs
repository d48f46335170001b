using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3.1, AES-CM PRF; RFC 6188 §7 for AES-256; RFC 7714 §11 for the
/// 96-bit GCM master salt, which is padded with zeros to 112 bits). Only a key derivation rate of 0 is supported, so
/// r = 0 and x = (label · 2^48) XOR master_salt.
/// </summary>
public static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    public static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt[..Math.Min(14, masterSalt.Length)].CopyTo(iv);

        // The label sits at bit 48 of the 112-bit x, that is octet 7 of the salt.
        iv[7] ^= label;
        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        var output = new byte[length];
        AesCounterMode.Keystream(aes, iv, output);
        return output;
    }
}
