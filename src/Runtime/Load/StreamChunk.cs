using System.Text;
using System.Text.Json;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads one SSE <c>data:</c> payload of an OpenAI stream: the generated text of the first choice
/// (<c>choices[0].text</c> or <c>choices[0].delta.content</c>) and any error message, without building a DOM.
/// </summary>
internal readonly record struct StreamChunk(string? Text, string? Error)
{
    private static readonly byte[] TextName = "text"u8.ToArray();
    private static readonly byte[] ContentName = "content"u8.ToArray();
    private static readonly byte[] MessageName = "message"u8.ToArray();
    private static readonly byte[] ErrorName = "error"u8.ToArray();

    public bool HasText => !string.IsNullOrEmpty(Text);

    public static StreamChunk Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? text = null;
        string? error = null;
        var inError = false;
        var errorDepth = -1;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    if (inError && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == errorDepth)
                    {
                        inError = false;
                    }

                    continue;
                }

                if (reader.ValueTextEquals(ErrorName))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        error = reader.GetString();
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        inError = true;
                        errorDepth = reader.CurrentDepth;
                        error ??= "error";
                    }
                }
                else if (inError && reader.ValueTextEquals(MessageName))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : error;
                }
                else if (text is null && (reader.ValueTextEquals(TextName) || reader.ValueTextEquals(ContentName)))
                {
                    reader.Read();
                    text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException e)
        {
            return new StreamChunk(null, $"unreadable stream chunk: {e.Message}: {Encoding.UTF8.GetString(json[..Math.Min(json.Length, 120)])}");
        }

        return new StreamChunk(text, error);
    }
}
