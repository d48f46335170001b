using System.Runtime.InteropServices;
using CorrelationHub.Media.Srtp;

namespace CorrelationHub.Media.Tests.Srtp;

/// <summary>
/// The reference implementation, Debian's libsrtp2 (libsrtp2.so.1, 2.x ABI), called directly. Headers are not
/// installed, so the structures are declared here as srtp.h of 2.x lays them out on 64-bit Linux.
/// </summary>
internal sealed class LibSrtp : IDisposable
{
    private const string Library = "libsrtp2.so.1";
    private static readonly Lock InitLock = new();
    private static bool _initialised;

    private readonly IntPtr _session;
    private readonly List<IntPtr> _allocations = [];

    /// <summary>A sender (ssrc_any_outbound) for <paramref name="suite"/> with key‖salt and an optional MKI.</summary>
    public LibSrtp(SrtpSuite suite, byte[] keyMaterial, byte[]? mki = null, bool outbound = true)
    {
        lock (InitLock)
        {
            if (!_initialised)
            {
                Check(srtp_init(), "srtp_init");
                _initialised = true;
            }
        }

        var policy = default(Policy);
        policy.SsrcType = outbound ? 3 : 2;
        SetPolicy(suite, ref policy.Rtp, ref policy.Rtcp);
        var key = Alloc(keyMaterial);
        if (mki is null)
        {
            policy.Key = key;
        }
        else
        {
            var master = Marshal.AllocHGlobal(IntPtr.Size * 2 + 8);
            _allocations.Add(master);
            Marshal.WriteIntPtr(master, 0, key);
            Marshal.WriteIntPtr(master, IntPtr.Size, Alloc(mki));
            Marshal.WriteInt32(master, IntPtr.Size * 2, mki.Length);
            var list = Marshal.AllocHGlobal(IntPtr.Size);
            _allocations.Add(list);
            Marshal.WriteIntPtr(list, master);
            policy.Keys = list;
            policy.NumMasterKeys = 1;
        }

        policy.WindowSize = 128;
        Check(srtp_create(out _session, ref policy), "srtp_create");
        UsesMki = mki is not null;
    }

    public bool UsesMki { get; }

    public static string Version => Marshal.PtrToStringAnsi(srtp_get_version_string()) ?? "?";

    /// <summary>Protects <paramref name="rtp"/> and returns the SRTP packet.</summary>
    public byte[] Protect(byte[] rtp)
    {
        var buffer = new byte[rtp.Length + 64];
        rtp.CopyTo(buffer, 0);
        var length = rtp.Length;
        Check(UsesMki ? srtp_protect_mki(_session, buffer, ref length, 1, 0) : srtp_protect(_session, buffer, ref length), "srtp_protect");
        return buffer[..length];
    }

    public byte[] ProtectRtcp(byte[] rtcp)
    {
        var buffer = new byte[rtcp.Length + 64];
        rtcp.CopyTo(buffer, 0);
        var length = rtcp.Length;
        Check(UsesMki ? srtp_protect_rtcp_mki(_session, buffer, ref length, 1, 0) : srtp_protect_rtcp(_session, buffer, ref length), "srtp_protect_rtcp");
        return buffer[..length];
    }

    /// <summary>Unprotects with libsrtp; null when libsrtp refuses the packet.</summary>
    public byte[]? Unprotect(byte[] srtp)
    {
        var buffer = (byte[])srtp.Clone();
        var length = buffer.Length;
        return srtp_unprotect(_session, buffer, ref length) == 0 ? buffer[..length] : null;
    }

    public void Dispose()
    {
        srtp_dealloc(_session);
        foreach (var allocation in _allocations)
        {
            Marshal.FreeHGlobal(allocation);
        }
    }

    private static void SetPolicy(SrtpSuite suite, ref CryptoPolicy rtp, ref CryptoPolicy rtcp)
    {
        if (suite == SrtpSuite.AesCm128HmacSha1_80)
        {
            srtp_crypto_policy_set_rtp_default(ref rtp);
            srtp_crypto_policy_set_rtcp_default(ref rtcp);
        }
        else if (suite == SrtpSuite.AesCm128HmacSha1_32)
        {
            srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(ref rtp);
            srtp_crypto_policy_set_rtcp_default(ref rtcp);
        }
        else if (suite == SrtpSuite.Aes256CmHmacSha1_80)
        {
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(ref rtp);
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(ref rtcp);
        }
        else if (suite == SrtpSuite.Aes256CmHmacSha1_32)
        {
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(ref rtp);
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(ref rtcp);
        }
        else if (suite == SrtpSuite.AeadAes128Gcm)
        {
            srtp_crypto_policy_set_aes_gcm_128_16_auth(ref rtp);
            srtp_crypto_policy_set_aes_gcm_128_16_auth(ref rtcp);
        }
        else
        {
            srtp_crypto_policy_set_aes_gcm_256_16_auth(ref rtp);
            srtp_crypto_policy_set_aes_gcm_256_16_auth(ref rtcp);
        }
    }

    private IntPtr Alloc(byte[] bytes)
    {
        var pointer = Marshal.AllocHGlobal(bytes.Length);
        Marshal.Copy(bytes, 0, pointer, bytes.Length);
        _allocations.Add(pointer);
        return pointer;
    }

    private static void Check(int status, string what)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"{what} failed with srtp_err_status {status}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CryptoPolicy
    {
        public int CipherType;
        public int CipherKeyLength;
        public int AuthType;
        public int AuthKeyLength;
        public int AuthTagLength;
        public int SecurityServices;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Policy
    {
        public int SsrcType;
        public uint SsrcValue;
        public CryptoPolicy Rtp;
        public CryptoPolicy Rtcp;
        public IntPtr Key;
        public IntPtr Keys;
        public nuint NumMasterKeys;
        public IntPtr DeprecatedEkt;
        public nuint WindowSize;
        public int AllowRepeatTx;
        public IntPtr EncryptedExtensionHeaders;
        public int EncryptedExtensionHeaderCount;
        public IntPtr Next;
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the test readable; nothing here is on a hot path.
    [DllImport(Library)]
    private static extern int srtp_init();

    [DllImport(Library)]
    private static extern IntPtr srtp_get_version_string();

    [DllImport(Library)]
    private static extern int srtp_create(out IntPtr session, ref Policy policy);

    [DllImport(Library)]
    private static extern int srtp_dealloc(IntPtr session);

    [DllImport(Library)]
    private static extern int srtp_protect(IntPtr session, byte[] packet, ref int length);

    [DllImport(Library)]
    private static extern int srtp_protect_mki(IntPtr session, byte[] packet, ref int length, uint useMki, uint mkiIndex);

    [DllImport(Library)]
    private static extern int srtp_unprotect(IntPtr session, byte[] packet, ref int length);

    [DllImport(Library)]
    private static extern int srtp_protect_rtcp(IntPtr session, byte[] packet, ref int length);

    [DllImport(Library)]
    private static extern int srtp_protect_rtcp_mki(IntPtr session, byte[] packet, ref int length, uint useMki, uint mkiIndex);

    [DllImport(Library)]
    private static extern void srtp_crypto_policy_set_rtp_default(ref CryptoPolicy policy);

    [DllImport(Library)]
    private static extern void srtp_crypto_policy_set_rtcp_default(ref CryptoPolicy policy);

    [DllImport(Library)]
    private static extern void srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(ref CryptoPolicy policy);

    [DllImport(Library)]
    private static extern void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(ref CryptoPolicy policy);

    [DllImport(Library)]
    private static extern void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(ref CryptoPolicy policy);

    [DllImport(Library)]
    private static extern void srtp_crypto_policy_set_aes_gcm_128_16_auth(ref CryptoPolicy policy);

    [DllImport(Library)]
    private static extern void srtp_crypto_policy_set_aes_gcm_256_16_auth(ref CryptoPolicy policy);
#pragma warning restore SYSLIB1054
}
