// Teams' high-contrast theme, in a chunk of its own: most people never need it.
export { teamsHighContrastTheme as theme } from '@fluentui/react-components';
