// Drives an OpenAI-compatible server with the official OpenAI Node SDK and prints one line per check:
// "ok <name>" or "FAIL <name>: <reason>". Exits with the number of failed checks.
// Usage: node sdk-check.mjs <base url, e.g. http://127.0.0.1:8000/v1> <model>
import OpenAI from 'openai';

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'sk-none', maxRetries: 0, timeout: 60_000 });
const messages = [{ role: 'user', content: 'Say hello.' }];
let failed = 0;

function check(condition, reason) {
  if (!condition) throw new Error(reason);
}

async function run(name, body) {
  try {
    await body();
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.message ?? e}`);
  }
}

async function rejects(name, status, call) {
  await run(name, async () => {
    try {
      await call();
    } catch (e) {
      check(e instanceof OpenAI.APIError, `not an APIError: ${e}`);
      check(e.status === status, `status ${e.status}, expected ${status}`);
      check(typeof e.message === 'string' && e.message.length > 0, 'no error message');
      return;
    }
    throw new Error(`accepted; expected ${status}`);
  });
}

await run('models.list gives id and created', async () => {
  const page = await client.models.list();
  const first = page.data[0];
  check(first.id === model, `id ${first.id}`);
  check(Number.isInteger(first.created) && first.created > 1_700_000_000, `created ${first.created}`);
});

await run('completions.create returns text and usage', async () => {
  const c = await client.completions.create({ model, prompt: 'Once upon a time', max_tokens: 8 });
  check(c.choices[0].text.length > 0, 'no text');
  check(c.usage.completion_tokens >= 1 && c.usage.completion_tokens <= 8, `usage ${JSON.stringify(c.usage)}`);
  check(['stop', 'length'].includes(c.choices[0].finish_reason), `finish ${c.choices[0].finish_reason}`);
});

await run('completions stream with include_usage ends with a usage chunk', async () => {
  const stream = await client.completions.create({
    model, prompt: 'Count', max_tokens: 6, stream: true, stream_options: { include_usage: true },
  });
  let texts = 0;
  let usage = null;
  for await (const chunk of stream) {
    if (chunk.choices.length > 0 && chunk.choices[0].text) texts++;
    if (chunk.usage) usage = chunk;
  }
  check(usage !== null, 'no usage chunk');
  check(usage.choices.length === 0, 'usage chunk has choices');
  check(usage.usage.completion_tokens === texts, `usage ${usage.usage.completion_tokens} vs ${texts} chunks`);
});

await run('chat.completions.create returns an assistant message', async () => {
  const c = await client.chat.completions.create({ model, messages, max_tokens: 8 });
  check(c.choices[0].message.role === 'assistant', `role ${c.choices[0].message.role}`);
  check(c.choices[0].message.content.length > 0, 'no content');
  check(c.usage.total_tokens === c.usage.prompt_tokens + c.usage.completion_tokens, 'usage does not add up');
});

await run('chat stream opens with the role and ends with usage', async () => {
  const stream = await client.chat.completions.create({
    model, messages, max_tokens: 6, stream: true, stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  check(chunks[0].choices[0].delta.role === 'assistant', 'no role on the first chunk');
  const last = chunks[chunks.length - 1];
  check(last.choices.length === 0 && last.usage?.completion_tokens >= 1, 'no usage chunk at the end');
  const finish = chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0].finish_reason);
  check(finish.length === 1 && ['stop', 'length'].includes(finish[0]), `finish reasons ${finish}`);
});

await run('continuous_usage_stats gives the usage so far on every chunk, not to be summed', async () => {
  const stream = await client.chat.completions.create({
    model, messages, max_tokens: 5, stream: true, ignore_eos: true,
    stream_options: { include_usage: true, continuous_usage_stats: true },
  });
  const counts = [];
  for await (const chunk of stream) counts.push(chunk.usage?.completion_tokens);
  check(counts.join(',') === '0,1,2,3,4,5,5', `completion_tokens per chunk ${counts}`);
});

await run('chat.completions.stream().finalChatCompletion() assembles the answer', async () => {
  const runner = client.chat.completions.stream({ model, messages, max_tokens: 7, stream_options: { include_usage: true } });
  let deltas = '';
  runner.on('content', (delta) => { deltas += delta; });
  const final = await runner.finalChatCompletion();
  check(final.choices[0].message.role === 'assistant', 'no assistant role');
  check(final.choices[0].message.content === deltas && deltas.length > 0, 'content differs from the deltas');
  check(final.usage?.completion_tokens >= 1, 'no usage on the final completion');
});

await run('finalContent() of a completions-style chat stream', async () => {
  const runner = client.chat.completions.stream({ model, messages, max_tokens: 3 });
  const content = await runner.finalContent();
  check(typeof content === 'string' && content.length > 0, `content ${content}`);
});

await run('an aborted stream ends without hanging', async () => {
  const controller = new AbortController();
  const stream = await client.chat.completions.create(
    { model, messages, max_tokens: 2000, stream: true }, { signal: controller.signal });
  let seen = 0;
  try {
    for await (const chunk of stream) {
      if (++seen === 3) controller.abort();
    }
  } catch (e) {
    check(e instanceof OpenAI.APIUserAbortError || e.name === 'AbortError', `unexpected ${e}`);
  }
  check(seen >= 3, `saw ${seen} chunks`);
});

await rejects('max_tokens 0 is a 400', 400, () => client.completions.create({ model, prompt: 'x', max_tokens: 0 }));
await rejects('negative max_tokens is a 400', 400, () => client.completions.create({ model, prompt: 'x', max_tokens: -5 }));
await rejects('fractional max_tokens is a 400', 400, () => client.completions.create({ model, prompt: 'x', max_tokens: 2.5 }));
await rejects('huge max_tokens is a 400', 400, () => client.completions.create({ model, prompt: 'x', max_tokens: 1e9 }));
await rejects('missing prompt is a 400', 400, () => client.completions.create({ model }));
await rejects('missing messages is a 400', 400, () => client.chat.completions.create({ model }));
await rejects('messages of the wrong type is a 400', 400, () => client.chat.completions.create({ model, messages: 'hi' }));
await rejects('stream of the wrong type is a 400', 400, () => client.completions.create({ model, prompt: 'x', stream: 'yes' }));
await rejects('a prompt longer than the context is a 400', 400,
  () => client.completions.create({ model, prompt: 'word '.repeat(100_000), max_tokens: 4 }));
await rejects('an unknown model is a 404', 404, () => client.completions.create({ model: 'acme/none', prompt: 'x', max_tokens: 2 }));
await rejects('a body that is an array is a 400', 400, () => client.post('/completions', { body: [1, 2] }));
await rejects('a body that is null is a 400', 400, () => client.post('/completions', { body: null }));

process.exit(failed);
