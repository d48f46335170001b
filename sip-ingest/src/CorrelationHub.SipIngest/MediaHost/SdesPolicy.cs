using CorrelationHub.Media.Srtp;
using CorrelationHub.Sip.Sdp;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>Turns the sender's SDES line (RFC 4568) into the SRTP policy that decrypts its packets.</summary>
public static class SdesPolicy
{
    public static SrtpPolicy? From(SdesCrypto? crypto)
    {
        if (crypto is null || !SdesSuites.IsUsable(crypto) || SrtpSuite.Find(crypto.Suite) is not { } suite)
        {
            return null;
        }

        var keys = crypto.Keys.Select(k => SrtpMasterKey.FromKeyMaterial(suite, k.KeyMaterial, k.MkiLength > 0 ? k.MkiBytes() : null, k.Lifetime)).ToList();
        return new SrtpPolicy(suite, keys)
        {
            UnencryptedSrtp = crypto.UnencryptedSrtp,
            UnencryptedSrtcp = crypto.UnencryptedSrtcp,
            UnauthenticatedSrtp = crypto.UnauthenticatedSrtp,
        };
    }
}
