using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>
/// The session keys derived from one master key (RFC 3711 §4.3) and the primitives keyed with them: AES for counter
/// mode and HMAC-SHA1 for the CM suites, AES-GCM for the AEAD suites. One instance serves one stream at a
/// time (the primitives are not thread-safe); each stream receiver owns its own.
/// </summary>
public sealed class SrtpSessionKeys : IDisposable
{
    internal SrtpSessionKeys(SrtpSuite suite, SrtpMasterKey master, byte[] rtpKey, byte[] rtpAuth, byte[] rtpSalt, byte[] rtcpKey, byte[] rtcpAuth, byte[] rtcpSalt)
    {
        Suite = suite;
        Master = master;
        RtpSalt = rtpSalt;
        RtcpSalt = rtcpSalt;
        if (suite.IsAead)
        {
            RtpGcm = new AesGcm(rtpKey, 16);
            RtcpGcm = new AesGcm(rtcpKey, 16);
        }
        else
        {
            RtpAes = new AesCounterCipher(rtpKey);
            RtcpAes = new AesCounterCipher(rtcpKey);
            RtpHmac = new HmacSha1(rtpAuth);
            RtcpHmac = new HmacSha1(rtcpAuth);
        }
    }

    public SrtpSuite Suite { get; }

    public SrtpMasterKey Master { get; }

    internal byte[] RtpSalt { get; }

    internal byte[] RtcpSalt { get; }

    internal AesCounterCipher? RtpAes { get; }

    internal AesCounterCipher? RtcpAes { get; }

    internal HmacSha1? RtpHmac { get; }

    internal HmacSha1? RtcpHmac { get; }

    internal AesGcm? RtpGcm { get; }

    internal AesGcm? RtcpGcm { get; }

    /// <summary>SRTP packets processed under this master key (for its lifetime).</summary>
    internal ulong RtpPackets { get; set; }

    internal ulong RtcpPackets { get; set; }

    public static SrtpSessionKeys Derive(SrtpSuite suite, SrtpMasterKey master)
    {
        var authLength = suite.IsAead ? 0 : SrtpSuite.AuthKeyLength;
        return new SrtpSessionKeys(
            suite,
            master,
            SrtpKeyDerivation.Derive(master.Key, master.Salt, SrtpKeyDerivation.RtpEncryption, suite.KeyLength),
            SrtpKeyDerivation.Derive(master.Key, master.Salt, SrtpKeyDerivation.RtpAuthentication, authLength),
            SrtpKeyDerivation.Derive(master.Key, master.Salt, SrtpKeyDerivation.RtpSalt, suite.SaltLength),
            SrtpKeyDerivation.Derive(master.Key, master.Salt, SrtpKeyDerivation.RtcpEncryption, suite.KeyLength),
            SrtpKeyDerivation.Derive(master.Key, master.Salt, SrtpKeyDerivation.RtcpAuthentication, authLength),
            SrtpKeyDerivation.Derive(master.Key, master.Salt, SrtpKeyDerivation.RtcpSalt, suite.SaltLength));
    }

    public void Dispose()
    {
        RtpAes?.Dispose();
        RtcpAes?.Dispose();
        RtpGcm?.Dispose();
        RtcpGcm?.Dispose();
    }
}
