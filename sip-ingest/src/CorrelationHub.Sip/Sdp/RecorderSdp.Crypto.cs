using System.Globalization;

namespace CorrelationHub.Sip.Sdp;

/// <summary>SDES (RFC 4568) for the recorder's offers and answers.</summary>
public static partial class RecorderSdp
{
    /// <summary>
    /// The sender's crypto for one m-line, or null for plain RTP: the first <c>a=crypto</c> line we can use on an
    /// <c>RTP/SAVP</c> line (RFC 4568 §7.1.1: the answerer picks one). Its key is the one that decrypts the sender's
    /// packets (RFC 4568 §7.1: each side uses the key it advertised).
    /// </summary>
    public static SdesCrypto? ChooseCrypto(SdpMedia media)
    {
        if (!media.IsSecure)
        {
            return null;
        }

        foreach (var crypto in SdesCrypto.Of(media))
        {
            if (SdesSuites.IsUsable(crypto))
            {
                return crypto;
            }
        }

        return null;
    }

    /// <summary>Plain RTP/AVP, or RTP/SAVP with a crypto line we can use (SAVPF and DTLS are declined).</summary>
    internal static bool IsAcceptableTransport(SdpMedia offered) => !offered.IsSecure
        || (offered.Protocol.Equals("RTP/SAVP", StringComparison.OrdinalIgnoreCase) && ChooseCrypto(offered) is not null);

    /// <summary>
    /// For an accepted RTP/SAVP line: exactly one crypto line with the chosen line's tag and suite, our own fresh key,
    /// and the UNENCRYPTED/UNAUTHENTICATED parameters echoed (RFC 4568 §6.3.2, §7.1.2).
    /// </summary>
    internal static void AddAnswerCrypto(SdpMedia offered, SdpMedia answer)
    {
        if (ChooseCrypto(offered) is not { } chosen)
        {
            return;
        }

        var echoed = chosen.SessionParameters.Where(p => p.StartsWith("UNENCRYPTED_", StringComparison.OrdinalIgnoreCase) || p.Equals("UNAUTHENTICATED_SRTP", StringComparison.OrdinalIgnoreCase)).ToList();
        answer.Attributes.Add(new SdpAttribute("crypto", SdesSuites.CreateLocal(chosen.Tag, chosen.Suite, echoed).ToAttributeValue()));
    }

    /// <summary>Our delayed offer with SRTP: RTP/SAVP and one crypto line per suite we support, strongest first.</summary>
    internal static void AddOfferCrypto(SdpMedia media)
    {
        media.Protocol = "RTP/SAVP";
        var tag = 1;
        foreach (var (suite, _) in SdesSuites.Supported)
        {
            media.Attributes.Add(new SdpAttribute("crypto", SdesSuites.CreateLocal(tag++, suite).ToAttributeValue()));
        }
    }

    /// <summary>The tag of a crypto line, for logs and tests.</summary>
    public static string DescribeCrypto(SdesCrypto? crypto) => crypto is null ? "RTP" : string.Create(CultureInfo.InvariantCulture, $"SRTP {crypto.Suite} (tag {crypto.Tag})");
}
