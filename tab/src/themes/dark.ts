// Teams' dark theme, in a chunk of its own: most people never need it.
export { teamsDarkTheme as theme } from '@fluentui/react-components';
