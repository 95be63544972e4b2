// The build-time examples (playground/build.js makes this module from the fixtures).
declare module 'virtual:examples' {
  const examples: import('./protocol').Examples;
  export default examples;
}
