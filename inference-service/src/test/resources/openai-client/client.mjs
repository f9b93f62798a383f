// The official openai client against the inference service: a completion, the same completion
// streamed, and a refused request. Prints one JSON object for OpenAiClientTest to check.
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: process.env.FLEXMOE_BASE_URL + '/v1',
  apiKey: process.env.FLEXMOE_TOKEN,
  maxRetries: 0,
});
const request = { model: 'micro-public', prompt: 'The news today', max_tokens: 8, temperature: 0 };
const result = {};

const completion = await client.completions.create(request);
result.text = completion.choices[0].text;
result.finishReason = completion.choices[0].finish_reason;
result.flexmoe = completion.flexmoe;

let streamed = '';
for await (const chunk of await client.completions.create({ ...request, stream: true })) {
  streamed += chunk.choices[0]?.text ?? '';
}
result.streamed = streamed;

try {
  await client.completions.create({ ...request, max_tokens: 0 });
  result.error = null;
} catch (error) {
  result.error = { status: error.status, type: error.type, param: error.param, code: error.code };
}
console.log(JSON.stringify(result));
