namespace MLEnergy.Profiler.Nvml;

/// <summary>An NVML call that did not succeed: the return code, the function, and NVML's own words for it.</summary>
public class NvmlException : Exception
{
    public NvmlException()
        : this(NvmlReturn.Unknown, "nvml", "unknown error") { }

    public NvmlException(string message)
        : this(NvmlReturn.Unknown, "nvml", message) { }

    public NvmlException(string message, Exception innerException)
        : base(message, innerException)
    {
        Function = "nvml";
        Code = NvmlReturn.Unknown;
    }

    public NvmlException(NvmlReturn code, string function, string description, Exception? innerException = null)
        : base($"{function}: {description} ({(int)code})", innerException)
    {
        Code = code;
        Function = function;
        Description = description;
    }

    public NvmlReturn Code { get; }

    public string Function { get; }

    /// <summary>The text of <c>nvmlErrorString</c> for <see cref="Code"/>.</summary>
    public string Description { get; } = string.Empty;

    /// <summary>
    /// The typed exception for a return code: NO_PERMISSION, NOT_SUPPORTED and a missing driver each get their own.
    /// </summary>
    public static NvmlException For(
        NvmlReturn code,
        string function,
        string description,
        Exception? innerException = null
    ) =>
        code switch
        {
            NvmlReturn.NoPermission => new NvmlNoPermissionException(code, function, description, innerException),
            NvmlReturn.NotSupported or NvmlReturn.FunctionNotFound => new NvmlNotSupportedException(
                code,
                function,
                description,
                innerException
            ),
            NvmlReturn.LibraryNotFound or NvmlReturn.DriverNotLoaded => new NvmlUnavailableException(
                code,
                function,
                description,
                innerException
            ),
            _ => new NvmlException(code, function, description, innerException),
        };
}
