using System.Runtime.InteropServices;

namespace MLEnergy.Profiler.Nvml;

/// <summary>Turns NVML return codes into typed exceptions carrying <c>nvmlErrorString</c>'s text.</summary>
internal static unsafe class NvmlCall
{
    public static void Check(NvmlReturn code, string function)
    {
        if (code != NvmlReturn.Success)
        {
            throw Fail(code, function);
        }
    }

    public static NvmlException Fail(NvmlReturn code, string function) =>
        NvmlException.For(code, function, Describe(code));

    public static string Describe(NvmlReturn code)
    {
        try
        {
            var text = NvmlNative.ErrorString(code);
            return text == null ? code.ToString() : Marshal.PtrToStringUTF8((nint)text) ?? code.ToString();
        }
        catch (EntryPointNotFoundException)
        {
            return code.ToString();
        }
    }

    /// <summary>Reads a NUL-terminated string that NVML wrote into <paramref name="buffer"/>.</summary>
    public static string ReadString(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }
}
