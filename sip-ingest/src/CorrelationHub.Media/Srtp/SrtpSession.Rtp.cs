using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>SRTP: receive (RFC 3711 §3.3, RFC 7714 §8) and send.</summary>
public sealed partial class SrtpSession
{
    /// <summary>Verifies and decrypts an SRTP packet in place; <paramref name="length"/> is then the plain RTP length.</summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        var mkiLength = _policy.MkiLength;
        var tagLength = RtpTagLength;
        var headerLength = SrtpIv.RtpHeaderLength(packet);
        if (headerLength < 0 || packet.Length < headerLength + mkiLength + tagLength)
        {
            return SrtpResult.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        _streams.TryGetValue(ssrc, out var state);
        var estimated = state?.EstimateRoc(sequence) ?? 0;
        if (estimated < 0)
        {
            return SrtpResult.Replayed;
        }

        var roc = (uint)estimated;
        var index = ((ulong)roc << 16) | sequence;
        if (state is not null && !state.RtpReplay.Check(index))
        {
            return SrtpResult.Replayed;
        }

        // GCM carries its tag inside the cipher text with the MKI after it (RFC 7714 §8); CM has the MKI before the tag.
        ReadOnlySpan<byte> mki;
        int bodyEnd;
        if (Suite.IsAead)
        {
            mki = packet.Slice(packet.Length - mkiLength, mkiLength);
            bodyEnd = packet.Length - mkiLength;
        }
        else
        {
            mki = packet.Slice(packet.Length - tagLength - mkiLength, mkiLength);
            bodyEnd = packet.Length - tagLength - mkiLength;
        }

        var keys = KeysFor(mki);
        if (keys is null)
        {
            return SrtpResult.UnknownMki;
        }

        if (keys.RtpPackets >= keys.Master.Lifetime)
        {
            return SrtpResult.KeyExpired;
        }

        if (Suite.IsAead)
        {
            var cipherLength = bodyEnd - headerLength - tagLength;
            if (cipherLength < 0)
            {
                return SrtpResult.Malformed;
            }

            Span<byte> nonce = stackalloc byte[12];
            SrtpIv.GcmRtp(keys.RtpSalt, ssrc, roc, sequence, nonce);
            var cipher = packet.Slice(headerLength, cipherLength);
            var tag = packet.Slice(headerLength + cipherLength, tagLength);
            try
            {
                keys.RtpGcm!.Decrypt(nonce, cipher, tag, cipher, packet[..headerLength]);
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpResult.AuthenticationFailed;
            }

            length = headerLength + cipherLength;
        }
        else
        {
            if (tagLength > 0)
            {
                // RFC 3711 §4.2: HMAC-SHA1 over the authenticated portion, then the ROC.
                Span<byte> mac = stackalloc byte[20];
                keys.RtpHmac!.Compute(packet[..bodyEnd], roc, mac);
                if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], packet.Slice(packet.Length - tagLength, tagLength)))
                {
                    return SrtpResult.AuthenticationFailed;
                }
            }

            if (!_policy.UnencryptedSrtp)
            {
                Span<byte> iv = stackalloc byte[16];
                SrtpIv.Counter(keys.RtpSalt, ssrc, index, iv);
                keys.RtpAes!.Xor(iv, packet[headerLength..bodyEnd]);
            }

            length = bodyEnd;
        }

        keys.RtpPackets++;
        state ??= NewState(ssrc, roc, sequence);
        state.Update(roc, sequence);
        state.RtpReplay.Accept(index);
        state.LastUsed = ++_clock;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Protects an RTP packet of <paramref name="length"/> bytes in <paramref name="buffer"/> (which has room for
    /// <see cref="RtpOverhead"/> more) and returns the SRTP length. Used by test senders and the load generator.
    /// </summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        var headerLength = SrtpIv.RtpHeaderLength(buffer[..length]);
        if (headerLength < 0)
        {
            throw new ArgumentException("not an RTP packet", nameof(buffer));
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (!_streams.TryGetValue(ssrc, out var state))
        {
            state = NewState(ssrc, 0, sequence);
        }
        else if (sequence < state.HighestSequence && state.HighestSequence - sequence > 32768)
        {
            state.Roc++;
            state.HighestSequence = sequence;
        }
        else if (sequence > state.HighestSequence)
        {
            state.HighestSequence = sequence;
        }

        var roc = state.Roc;
        var keys = _keys[SendKeyIndex];
        var mki = keys.Master.Mki;
        var tagLength = RtpTagLength;
        if (Suite.IsAead)
        {
            Span<byte> nonce = stackalloc byte[12];
            SrtpIv.GcmRtp(keys.RtpSalt, ssrc, roc, sequence, nonce);
            var plain = buffer[headerLength..length];
            keys.RtpGcm!.Encrypt(nonce, plain, plain, buffer.Slice(length, tagLength), buffer[..headerLength]);
            mki.CopyTo(buffer[(length + tagLength)..]);
            return length + tagLength + mki.Length;
        }

        if (!_policy.UnencryptedSrtp)
        {
            Span<byte> iv = stackalloc byte[16];
            SrtpIv.Counter(keys.RtpSalt, ssrc, ((ulong)roc << 16) | sequence, iv);
            keys.RtpAes!.Xor(iv, buffer[headerLength..length]);
        }

        mki.CopyTo(buffer[length..]);
        if (tagLength > 0)
        {
            Span<byte> mac = stackalloc byte[20];
            keys.RtpHmac!.Compute(buffer[..length], roc, mac);
            mac[..tagLength].CopyTo(buffer[(length + mki.Length)..]);
        }

        return length + mki.Length + tagLength;
    }
}
