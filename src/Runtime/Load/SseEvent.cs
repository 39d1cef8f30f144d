namespace MLEnergy.Runtime.Load;

/// <summary>
/// One dispatched server-sent event: its type (<c>message</c> unless an <c>event:</c> field named one) and data.
/// </summary>
internal sealed record SseEvent(string Type, ReadOnlyMemory<byte> Data)
{
    public bool IsError => Type == "error";
}
